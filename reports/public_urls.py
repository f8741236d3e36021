"""Pages anyone can open without signing in."""

app_name = "reports_public"

urlpatterns: list = []
