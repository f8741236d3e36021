"""Pages anyone can open without signing in."""

from django.urls import path

from surveys import public_views

app_name = "surveys_public"

urlpatterns = [
    path("contact/<str:token>/", public_views.take_back, name="take_back"),
    path("<str:token>/", public_views.respond, name="respond"),
    path("<str:token>/thanks/", public_views.thanks, name="thanks"),
]
