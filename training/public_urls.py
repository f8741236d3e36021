"""Pages anyone can open without signing in: checking a certificate."""

from django.urls import path

from training import public_views

app_name = "training_public"

urlpatterns = [
    path("", public_views.verify_lookup, name="lookup"),
    path("<str:code>/", public_views.verify_certificate, name="verify"),
]
