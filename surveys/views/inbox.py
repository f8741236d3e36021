"""The response inbox and what staff do from it: a response's page, triage (single and bulk), tags,
compliments, residents waiting for an answer, and exports."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from accounts.audit import filters_of, record_download
from accounts.models import AuditAction
from jobs.views import start_job_response
from org.access import ScopedQuerysetMixin, get_visible_or_404, has_role, visible_departments
from org.roles import Role
from serviceculture.errors import add_to_form, reported
from serviceculture.pagination import TableMixin, estimated_rows
from serviceculture.untrusted import safe_next
from surveys import exports, triage
from surveys.compliments import compliment_choice
from surveys.filters import REPORTABLE_BOXES, ResponseFilter
from surveys.forms import ComplimentDecisionForm, FollowUpForm, RemoveTagForm, TriageForm
from surveys.jobs import EXPORT_KIND
from surveys.models import Compliment, ComplimentStatus, Response, ResponseStatus, ResponseTheme, TriageAction
from surveys.tables import FollowUpTable, ResponseTable
from surveys.views.common import FOLLOW_UP_ROLES, INBOX_ROLES


class _ResponseRows:
    """The rows every inbox view starts from, also for plain Views (which have no get_queryset)."""

    def get_queryset(self):
        return Response.objects.all()


class InboxQuerysetMixin(ScopedQuerysetMixin, _ResponseRows):
    model = Response
    allowed_roles: tuple[Role, ...] = INBOX_ROLES

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)

    def filtered(self):
        return exports.exportable_responses(user=self.request.user, data=self.request.GET)


class InboxView(InboxQuerysetMixin, TableMixin, FilterView):
    table_class = ResponseTable
    filterset_class = ResponseFilter
    template_name = "surveys/inbox.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("survey", "department", "service_point", "compliment")
            .with_comment()
            .with_drivers()
            .prefetch_related(Prefetch("themes", queryset=ResponseTheme.objects.select_related("theme")))
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["departments"] = visible_departments(self.request.user)
        return kwargs

    def get_table_pagination(self, table):
        """An unfiltered box of a large organisation says about how many it holds rather than counting them."""
        pagination = super().get_table_pagination(table)
        if self._unfiltered() and (estimate := estimated_rows(self.filterset.qs)) is not None:
            pagination["estimated_count"] = estimate
        return pagination

    def _unfiltered(self) -> bool:
        """No filter but the box chosen (the box alone still narrows to one of a few large sets)."""
        if not self.filterset.is_valid():
            return False
        return not any(value for name, value in self.filterset.form.cleaned_data.items() if name != "box")

    def paginate_queryset(self, queryset, page_size):
        """The table pages the rows itself (its paginator counts them once); the list view's own paging counted
        them again and nothing on the page reads it."""
        return None, None, queryset, False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            reportable_total=self._reportable_total(context["table"]),
            total_estimated=context["table"].paginator.estimated and self._box() in REPORTABLE_BOXES,
            compliments_to_confirm=self.get_queryset()
            .reportable()
            .filter(compliment__status=ComplimentStatus.PENDING)
            .count(),
            triage_form=TriageForm(responses=Response.objects.none()),
            query=self.request.GET.urlencode(),
        )
        return context

    def _box(self) -> str | None:
        return self.filterset.form.cleaned_data.get("box") if self.filterset.is_valid() else None

    def _reportable_total(self, table) -> int:
        """How many of the filtered responses count in reports, without counting them again when the box
        holds only those (the table has just counted them) or none of them (spam)."""
        box = self._box()
        if box in REPORTABLE_BOXES and table.paginator.estimated:
            return _two_figures(table.paginator.count)
        if box in REPORTABLE_BOXES:
            return table.paginator.count
        if box == "spam":
            return 0
        return self.filterset.qs.reportable().count()


def _two_figures(number: int) -> int:
    """An estimate as it is read out: 1,004,105 is about 1,000,000."""
    return round(number, 2 - len(str(number)))


class ResponseDetailView(InboxQuerysetMixin, DetailView):
    """One response. A representative reaches it from the follow-up email and records what was done; triage
    (spam, tags, archive, compliments) stays with the inbox's roles."""

    template_name = "surveys/response_detail.html"
    allowed_roles = FOLLOW_UP_ROLES

    def get_queryset(self):
        return super().get_queryset().select_related("survey", "department", "service_point", "link")

    def get_context_data(self, **kwargs):
        response = self.object
        compliment = getattr(response, "compliment", None)
        triages = has_role(self.request.user, *INBOX_ROLES)
        response_themes = list(response.themes.select_related("theme"))
        return super().get_context_data(
            response_themes=response_themes,
            matched_words=[word for tag in response_themes for word in tag.words],
            answers=response.answers.select_related("question"),
            events=response.triage_events.select_related("actor__employee"),
            tags=response.tags.all(),
            compliment=compliment,
            compliment_form=_compliment_form(self.request.user, compliment) if triages else None,
            can_triage=triages,
            follow_up_form=kwargs.pop("follow_up_form", None)
            or FollowUpForm(initial={"status": ResponseStatus.RESPONDED}),
            status_choices=ResponseStatus.choices,
            **kwargs,
        )


class FollowUpRecordView(ResponseDetailView):
    """Records what was done for a resident who asked to be contacted; a refused note comes back with the text."""

    http_method_names = ["post"]  # the form is on the response's page

    def post(self, request, pk):
        self.object = self.get_object()
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                triage.record_follow_up(response=self.object, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_to_form(error, form)
            else:
                messages.success(request, _("What was done is on the response's history."))
                return redirect(self.object)
        return self.render_to_response(self.get_context_data(follow_up_form=form))


def _compliment_form(user, compliment, data=None):
    if compliment is None:
        return None
    choice = compliment_choice(compliment=compliment, user=user)
    return ComplimentDecisionForm(
        data, employees=choice.employees, fits=choice.fits, initial={"employee": choice.chosen}
    )


class TriageView(InboxQuerysetMixin, View):
    """One POST for single and bulk triage: the selected responses must be in the person's scope."""

    def post(self, request):
        form = TriageForm(request.POST, responses=self.get_queryset())
        back = safe_next(request, reverse("surveys:inbox"))
        if not form.is_valid():
            messages.error(request, _("Nothing was changed: choose at least one response and a complete action."))
            return redirect(back)
        with reported(request) as outcome:
            changed = _apply_triage(form.cleaned_data, by=request.user)
        if outcome.ok:
            messages.success(request, _("%(count)s response(s) changed.") % {"count": changed})
        return redirect(back)


def _apply_triage(data: dict, *, by: User) -> int:
    responses = Response.objects.filter(pk__in=[response.pk for response in data["selection"]])
    action = data["action"]
    if action == "status":
        return triage.set_status(responses=responses, status=data["status"], by=by)
    if action == "tag":
        return triage.add_tag(responses=responses, name=data["tag"], by=by)
    if action == TriageAction.DELETE:
        return triage.delete_responses(responses=responses, by=by)
    return triage.switch(responses=responses, action=action, by=by)


class RemoveTagView(InboxQuerysetMixin, View):
    def post(self, request, pk):
        response = get_visible_or_404(self.get_queryset(), request.user, pk=pk)
        form = RemoveTagForm(request.POST)
        if form.is_valid():
            triage.remove_tag(
                responses=Response.objects.filter(pk=response.pk), tag=form.cleaned_data["tag"], by=request.user
            )
        return redirect(response)


class ComplimentDecisionView(InboxQuerysetMixin, View):
    def post(self, request, pk):
        response = get_visible_or_404(self.get_queryset().select_related("department"), request.user, pk=pk)
        compliment = get_object_or_404(Compliment.objects.select_related("response__department"), response=response)
        form = _compliment_form(request.user, compliment, request.POST)
        if form.is_valid():
            triage.decide_compliment(compliment=compliment, employee=form.cleaned_data["employee"], by=request.user)
            messages.success(request, _("The compliment was recorded."))
        else:
            messages.error(request, _("Choose someone from the list, or reject the compliment."))
        return redirect(response)


class FollowUpListView(InboxQuerysetMixin, TableMixin, ListView):
    """Residents who asked to be contacted and have not been answered yet, oldest first."""

    allowed_roles = FOLLOW_UP_ROLES
    model = Response  # as in InboxQuerysetMixin; restated since ListView declares it Optional
    table_class = FollowUpTable
    template_name = "surveys/follow_ups.html"
    paginate_by = 50

    def get_queryset(self):
        return super().get_queryset().follow_ups_due().select_related("department")


class ExportView(InboxQuerysetMixin, View):
    """The responses the inbox filter selects, as CSV (streamed) or XLSX. Up to EXPORT_DIRECT_MAX_ROWS they
    download at once; a larger export is prepared as a job (a POST, from the inbox's buttons or from the page
    a GET of a large export shows), so no web worker spends minutes on it. Either way the export is put on
    the audit trail with its filters when it is asked for."""

    def get(self, request, format):
        responses = self.filtered()
        count = _count_to_limit(responses)
        if count > settings.EXPORT_DIRECT_MAX_ROWS:
            return render(
                request,
                "surveys/export_large.html",
                {"format": format, "query": request.GET.urlencode(), "limit": settings.EXPORT_DIRECT_MAX_ROWS},
            )
        self.record(format, rows=count)
        return _direct_export(responses, format)

    def post(self, request, format):
        responses = self.filtered()
        count = _count_to_limit(responses)
        if count <= settings.EXPORT_DIRECT_MAX_ROWS:
            self.record(format, rows=count)
            return _direct_export(responses, format)
        stamp = timezone.localdate().strftime("%Y-%m-%d")
        return start_job_response(
            request,
            kind=EXPORT_KIND,
            parameters={"filters": exports.filters_of(request.GET), "format": format},
            title=_("Responses, %(format)s, %(date)s") % {"format": format.upper(), "date": stamp},
            back=f"{reverse('surveys:inbox')}?{request.GET.urlencode()}",
            on_start=lambda job: self.record(format, job_id=job.pk),
        )

    def record(self, format: str, *, rows: int | None = None, job_id: int | None = None) -> None:
        details: dict = {**filters_of(self.request.GET), "format": format}
        if rows is not None:
            details["rows"] = rows
        summary = _("Survey responses, %(format)s") % {"format": format.upper()}
        record_download(AuditAction.EXPORTED, by=self.request.user, summary=summary, details=details, job_id=job_id)


def _count_to_limit(responses) -> int:
    """How many responses, counted no further than one past EXPORT_DIRECT_MAX_ROWS."""
    return responses.order_by()[: settings.EXPORT_DIRECT_MAX_ROWS + 1].count()


def _direct_export(responses, format: str):
    stamp = timezone.localdate().strftime("%Y%m%d")
    if format == "csv":
        response = StreamingHttpResponse(exports.csv_lines(responses), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="responses-{stamp}.csv"'
        return response
    return FileResponse(
        exports.xlsx_file(responses),
        as_attachment=True,
        filename=f"responses-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
