"""Pages anyone can open without signing in: checking a certificate."""

from django.urls import path

from training import views

app_name = "training_public"

urlpatterns = [
    path("", views.verify_lookup, name="lookup"),
    path("<str:code>/", views.verify_certificate, name="verify"),
]
