"""Workshop participants' pages, at /w/: no account needed."""

from django.urls import path, re_path

from training import public_views

app_name = "workshop"

urlpatterns = [
    path("", public_views.workshop_join, name="join"),
    # The code as shown in the room, typed with or without a final slash, in any case.
    re_path(r"^(?P<code>[A-Za-z0-9]{1,20})/?$", public_views.workshop_answer, name="answer"),
]
