"""Pages of the whole site: the home page, the health check and the error pages."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.utils import DatabaseError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache

from org.access import employee_of, headed_departments, roles_of, security_log
from org.roles import role_label
from reports.models import MetricsRun
from reports.selectors import home_attention
from serviceculture import health


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on a page saying what needs its attention now (reports.selectors.home_attention), then
    listing what it can use."""
    return render(
        request,
        "home.html",
        {
            "attention": home_attention(request.user),
            "employee": employee_of(request.user),
            "headed": headed_departments(request.user),
            "role_names": sorted(role_label(role) for role in roles_of(request.user)),
        },
    )


@never_cache
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico wherever a page names no icon (PDFs, downloads, a proxy's error page).

    The hashed name is looked up per request, not at import, so a missing manifest cannot stop the URLconf.
    """
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database takes writes (a resident's submission can be stored), 503 otherwise.

    The broker's state and the last good metrics run are reported; neither fails the check, since residents'
    submissions need neither.
    """
    database = health.database_state()
    state = {
        "database": database,
        "broker": health.broker_state(),
        "last_good_metrics_run": _last_good_metrics_run() if database != health.DOWN else None,
    }
    return JsonResponse(state, status=200 if database == health.OK else 503)


def _last_good_metrics_run() -> dict[str, Any] | None:
    """When the report tables were last brought up to date, and how long ago (None before the first good run)."""
    try:
        run = MetricsRun.objects.last_good()
    except DatabaseError:  # the database state says why
        return None
    if run is None or run.finished_at is None:
        return None
    return {
        "id": run.pk,
        "finished_at": run.finished_at.isoformat(),
        "age_seconds": int((timezone.now() - run.finished_at).total_seconds()),
    }


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    security_log.warning(
        "403 %s %s for user %s: %s", request.method, request.path, getattr(request.user, "pk", None), exception
    )
    # The services' refusals are sentences written for the person (the house's error vocabulary): show why.
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: whatever broke (often the database) must not break this page too.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
