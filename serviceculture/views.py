"""Pages of the whole site: the home page, the health check and the error pages."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from kombu import Connection

from org.access import employee_of, headed_departments, roles_of

security_log = logging.getLogger("serviceculture.security")


@login_required
def home(request):
    """Each role lands on a page listing what it can use."""
    return render(
        request,
        "home.html",
        {
            "employee": employee_of(request.user),
            "headed": headed_departments(request.user),
            "role_names": sorted(role.value for role in roles_of(request.user)),
        },
    )


def database_state() -> str:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError:
        return "down"


def broker_state() -> str:
    try:
        with Connection(settings.CELERY_BROKER_URL, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
                        connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:  # any broker fault is reported, never raised: the site works without it
        return "down"


@never_cache
def healthz(request):
    """200 while the database answers; the broker's state is reported but does not fail the check."""
    state = {"database": database_state(), "broker": broker_state()}
    return JsonResponse(state, status=200 if state["database"] == "ok" else 503)


def permission_denied(request, exception=None):
    security_log.warning(
        "403 %s %s for user %s: %s", request.method, request.path, getattr(request.user, "pk", None), exception
    )
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request: whatever broke (often the database) must not break this page too.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
