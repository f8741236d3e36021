"""Links to a survey: making them (single-use batches come back as CSV), downloading a batch again, the poster
and QR code of an open link."""

import io

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from accounts.audit import record_download
from accounts.models import AuditAction
from org.access import RoleRequiredMixin, ScopedQuerysetMixin, scope
from serviceculture.errors import reported
from serviceculture.spreadsheets import csv_download
from surveys.forms import LinkForm
from surveys.models import LinkKind, SurveyLink
from surveys.services.links import create_links
from surveys.views.common import INBOX_ROLES, active_service_points, visible_survey


class LinkCreateView(RoleRequiredMixin, View):
    """Open links go back to the survey page; single-use links come straight back as a CSV file."""

    allowed_roles = INBOX_ROLES

    def post(self, request, pk):
        survey = visible_survey(request, pk)
        form = LinkForm(request.POST, service_points=active_service_points(request.user))
        if not form.is_valid():
            messages.error(
                request,
                _("The links were not made: %(errors)s")
                % {"errors": " ".join(str(error) for errors in form.errors.values() for error in errors)},
            )
            return redirect(survey)
        data = form.cleaned_data
        count = data["count"] if data["kind"] == LinkKind.SINGLE_USE else 1
        with reported(request) as outcome:
            links = create_links(
                survey=survey,
                service_point=data["service_point"],
                kind=data["kind"],
                count=count,
                label=data["label"],
                by=request.user,
            )
        if not outcome.ok:
            return redirect(survey)
        warn_if_not_taking_answers(request, survey)
        if data["kind"] == LinkKind.SINGLE_USE:
            filename = f"links-{survey.pk}-{timezone.localdate():%Y%m%d}.csv"
            return _links_csv(request, survey, links, filename, label=data["label"])
        messages.success(request, _("The link was made. Print its poster from the list below."))
        return redirect(survey)


def warn_if_not_taking_answers(request, survey) -> None:
    """Links and posters may be made before a survey goes live (posters take time to print), but whoever makes
    them is told that residents cannot answer yet, and why."""
    reason = survey.why_no_answers()
    if reason:
        messages.warning(
            request,
            _("%(reason)s Set it live before the links or posters reach residents.") % {"reason": reason},
        )


def _links_csv(request, survey, links, filename: str, *, label: str) -> HttpResponse:
    """Single-use links as a CSV, on the audit trail: each link is a way in to answer the survey."""
    links = list(links)
    header = ["url", "token", "service_point", "label"]
    response = csv_download(
        filename, [header, *([link.public_url, link.token, link.service_point.name, link.label] for link in links)]
    )
    record_download(
        AuditAction.EXPORTED,
        by=request.user,
        summary=_("Single-use links of %(survey)s") % {"survey": survey.title},
        details={"survey": survey.pk, "label": label, "format": "csv", "rows": len(links)},
    )
    return response


class LinkBatchCsvView(RoleRequiredMixin, View):
    """Download again the single-use links of one batch (same survey, service point and label)."""

    allowed_roles = INBOX_ROLES

    def get(self, request, pk):
        survey = visible_survey(request, pk)
        links = scope(survey.links.filter(kind=LinkKind.SINGLE_USE, used_at__isnull=True), request.user)
        label = request.GET.get("label", "")
        links = links.filter(label=label).select_related("service_point").order_by("pk")
        return _links_csv(request, survey, links, f"links-{survey.pk}-unused.csv", label=label)


class LinkPosterView(ScopedQuerysetMixin, DetailView):
    model = SurveyLink
    allowed_roles = INBOX_ROLES
    template_name = "surveys/poster.html"

    def get_queryset(self):
        return super().get_queryset().filter(kind=LinkKind.OPEN).select_related("survey", "service_point__department")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, not_taking_answers=self.object.survey.why_no_answers())


class LinkQrView(ScopedQuerysetMixin, DetailView):
    model = SurveyLink
    allowed_roles = INBOX_ROLES
    formats = {"png": "image/png", "svg": "image/svg+xml"}

    def get(self, request, *args, **kwargs):
        link = self.get_object()
        kind = kwargs["format"]
        buffer = io.BytesIO()
        segno.make(link.public_url, error="m").save(
            buffer,
            kind=kind,
            scale=10 if kind == "png" else 4,
            border=2,
            **({"title": str(link.service_point)} if kind == "svg" else {}),
        )
        response = HttpResponse(buffer.getvalue(), content_type=self.formats[kind])
        if request.GET.get("download"):
            response["Content-Disposition"] = f'attachment; filename="survey-{link.pk}.{kind}"'
        return response
