"""Pages anyone can open without signing in."""

from django.urls import path, re_path

from surveys import public_views

app_name = "surveys_public"

urlpatterns = [
    path("contact/<str:token>/", public_views.take_back, name="take_back"),
    # A poster's short code, typed with or without a final slash. Tokens are 32 characters, never 4 to 6.
    re_path(r"^(?P<code>[A-Za-z0-9]{4,6})/?$", public_views.short_link, name="short"),
    path("<str:token>/", public_views.respond, name="respond"),
    path("<str:token>/thanks/", public_views.thanks, name="thanks"),
]
