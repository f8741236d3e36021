"""Pages anyone can open without signing in."""

app_name = "surveys_public"

urlpatterns: list = []
