"""The audit trail for program admins: filtered, newest first, and as a CSV that is itself on record."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from accounts.audit import record_download
from accounts.filters import AuditEventFilter
from accounts.models import AuditAction, AuditEvent
from accounts.tables import AuditEventTable
from org.access import RoleRequiredMixin
from org.roles import Role
from serviceculture.pagination import TableMixin
from serviceculture.spreadsheets import csv_download
from serviceculture.types import SignedInRequest


class AuditTrailView(RoleRequiredMixin, TableMixin, FilterView):
    """Who did what, when: sign-ins, second factors, passwords, roles, imports, exports and PDFs."""

    allowed_roles = (Role.PROGRAM_ADMIN,)
    model = AuditEvent
    table_class = AuditEventTable
    filterset_class = AuditEventFilter
    template_name = "accounts/audit.html"
    paginate_by = 50
    request: SignedInRequest  # behind RoleRequiredMixin: always signed in

    def get_queryset(self) -> QuerySet[AuditEvent]:
        # The username is kept on the event, so the list never joins the user table.
        return AuditEvent.objects.only("at", "username", "action", "summary", "details")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(time_zone=settings.TIME_ZONE, **kwargs)
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponseBase:
        if self.request.GET.get("_export") == "csv":
            return self.csv(context["table"], context["filter"])
        response: HttpResponseBase = super().render_to_response(context, **kwargs)
        return response

    def csv(self, table: AuditEventTable, filterset: AuditEventFilter) -> HttpResponse:
        rows = filterset.qs.count()
        limit = settings.EXPORT_DIRECT_MAX_ROWS
        if rows > limit:
            messages.error(
                self.request,
                _("These filters select %(rows)s events; a download holds at most %(limit)s. Narrow the dates.")
                % {"rows": rows, "limit": limit},
            )
            query = self.request.GET.copy()
            query.pop("_export", None)
            return redirect(f"{reverse('accounts:audit')}?{query.urlencode()}".rstrip("?"))
        response = csv_download("audit-trail.csv", table.as_values())
        # Recorded after the file is written, so a download never lists itself.
        record_download(
            AuditAction.EXPORTED,
            by=self.request.user,
            summary=_("Audit trail (CSV)"),
            details={**filterset.applied(), "format": "csv", "rows": rows},
        )
        return response
