"""Types shared by every app's type annotations (checked by mypy; nothing here runs any rule)."""

from django.contrib.auth.models import User
from django.http import HttpRequest


class SignedInRequest(HttpRequest):
    """The request of a view behind login_required (or an access mixin): its user is a real User, never the
    anonymous one. Annotating such a view's request with it lets the user be passed on as `by=`."""

    user: User
