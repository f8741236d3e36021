"""Pages anyone can open without signing in."""

app_name = "training_public"

urlpatterns: list = []
