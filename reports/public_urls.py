"""Pages anyone can open without signing in."""

from django.urls import path

from reports.public_views import StandardsView

app_name = "reports_public"

urlpatterns = [
    path("", StandardsView.as_view(), name="standards"),
]
