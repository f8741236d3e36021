"""Staff pages: the survey builder, links and posters, the response inbox, triage and exports."""

import io
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from jobs.views import start_job_response
from org.access import (
    RoleRequiredMixin,
    ScopedQuerysetMixin,
    get_visible_or_404,
    has_role,
    scope,
    visible_departments,
)
from org.models import Employee, ServicePoint
from org.roles import Role
from serviceculture.errors import add_to_form, reported
from serviceculture.spreadsheets import csv_download
from serviceculture.untrusted import safe_next
from surveys import exports, services, triage
from surveys.filters import ResponseFilter
from surveys.forms import ComplimentDecisionForm, LinkForm, QuestionForm, RemoveTagForm, SurveyForm, TriageForm
from surveys.jobs import EXPORT_KIND
from surveys.models import (
    Compliment,
    ComplimentStatus,
    LinkKind,
    Question,
    Response,
    ResponseStatus,
    Survey,
    SurveyLink,
    TriageAction,
)
from surveys.submission import form_fields
from surveys.tables import FollowUpTable, ResponseTable

BUILDERS = (Role.PROGRAM_ADMIN,)
INBOX_ROLES = (Role.PROGRAM_ADMIN, Role.DEPARTMENT_HEAD)


# --- Surveys and the builder ------------------------------------------------------------


class SurveyListView(ScopedQuerysetMixin, ListView):
    model = Survey
    allowed_roles = INBOX_ROLES
    template_name = "surveys/survey_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_build=has_role(self.request.user, *BUILDERS), **kwargs)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                question_count=Count("questions", distinct=True),
                response_count=Count(
                    "responses", filter=Q(responses__is_spam=False, responses__deleted_at__isnull=True), distinct=True
                ),
            )
        )


class SurveyDetailView(ScopedQuerysetMixin, DetailView):
    model = Survey
    allowed_roles = INBOX_ROLES
    template_name = "surveys/survey_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("created_by", "updated_by")

    def get_context_data(self, **kwargs):
        user = self.request.user
        links = scope(self.object.links.select_related("service_point__department"), user)
        return super().get_context_data(
            questions=self.object.questions.all(),
            open_links=links.filter(kind=LinkKind.OPEN, active=True),
            single_use_batches=links.filter(kind=LinkKind.SINGLE_USE)
            .values("label", "service_point__name")
            .annotate(total=Count("pk"), used=Count("used_at"))
            .order_by("label"),
            has_responses=services.survey_has_responses(self.object),
            link_form=LinkForm(service_points=_service_points(user)),
            can_build=has_role(user, *BUILDERS),
            **kwargs,
        )


def _service_points(user):
    return ServicePoint.objects.filter(department__in=visible_departments(user), active=True).select_related(
        "department"
    )


class SurveyCreateView(RoleRequiredMixin, View):
    """A blank survey, or one made from the A-11 standard (all seven drivers) or its short form."""

    allowed_roles = BUILDERS
    makers = {"a11": services.create_a11_survey, "a11_short": services.create_a11_short_survey}

    def get(self, request):
        return render(request, "surveys/survey_form.html", {"form": SurveyForm()})

    def post(self, request):
        maker = self.makers.get(request.POST.get("standard", ""))
        if maker:
            survey = maker(by=request.user)
            messages.success(request, _("A draft survey was created. Check its texts, then set it live."))
            return redirect(survey)
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                return redirect(services.create_survey(fields=form.cleaned_data, by=request.user))
            except ValidationError as error:
                add_to_form(error, form)
        return render(request, "surveys/survey_form.html", {"form": form}, status=400)


class SurveyEditView(RoleRequiredMixin, View):
    allowed_roles = BUILDERS

    def get(self, request, pk):
        survey = _visible_survey(request, pk)
        return render(request, "surveys/survey_form.html", {"form": SurveyForm(instance=survey), "survey": survey})

    def post(self, request, pk):
        survey = _visible_survey(request, pk)
        form = SurveyForm(request.POST, instance=survey)
        if form.is_valid():
            try:
                services.update_survey(survey=survey, fields=form.cleaned_data, by=request.user)
            except ValidationError as error:
                add_to_form(error, form)
            else:
                messages.success(request, _("The survey was saved."))
                return redirect(survey)
        return render(request, "surveys/survey_form.html", {"form": form, "survey": survey}, status=400)


def _visible_survey(request, pk: int) -> Survey:
    return get_visible_or_404(Survey.objects.all(), request.user, pk=pk)


def _visible_question(request, pk: int) -> Question:
    return get_visible_or_404(Question.objects.select_related("survey"), request.user, pk=pk)


class SurveyCopyView(RoleRequiredMixin, View):
    allowed_roles = BUILDERS

    def post(self, request, pk):
        copy = services.copy_survey(survey=_visible_survey(request, pk), by=request.user)
        messages.success(request, _("A new draft version was made. The old version keeps its responses."))
        return redirect(copy)


class SurveyPreviewView(RoleRequiredMixin, View):
    """The resident's form as it will look, without a link and without a submit."""

    allowed_roles = INBOX_ROLES

    def get(self, request, pk):
        survey = _visible_survey(request, pk)
        questions = list(survey.questions.all())
        fields = form_fields(questions=questions, data=None, errors={}, language=get_language())
        return render(request, "surveys/survey_preview.html", {"survey": survey, "fields": fields})


class QuestionFormView(RoleRequiredMixin, View):
    """Add a question to a survey (pk of the survey) or edit one (pk of the question)."""

    allowed_roles = BUILDERS
    adding = False

    def find_objects(self, pk: int) -> None:
        if self.adding:
            self.survey = _visible_survey(self.request, pk)
            self.question = Question(survey=self.survey)
        else:
            self.question = _visible_question(self.request, pk)
            self.survey = self.question.survey

    def render_form(self, form, status=200):
        return render(
            request=self.request,
            template_name="surveys/question_form.html",
            status=status,
            context={"form": form, "survey": self.survey, "question": self.question},
        )

    def get(self, request, pk):
        self.find_objects(pk)
        return self.render_form(QuestionForm(instance=self.question))

    def post(self, request, pk):
        self.find_objects(pk)
        form = QuestionForm(request.POST, instance=self.question)
        if form.is_valid():
            try:
                self.save(form.question_fields(), by=request.user)
            except ValidationError as error:
                add_to_form(error, form)
            else:
                return redirect(self.survey)
        return self.render_form(form, status=400)

    def save(self, fields: dict[str, Any], by: User) -> None:
        if self.adding:
            services.add_question(survey=self.survey, fields=fields, by=by)
        else:
            services.update_question(question=self.question, fields=fields, by=by)


class QuestionMoveView(RoleRequiredMixin, View):
    allowed_roles = BUILDERS

    def post(self, request, pk):
        question = _visible_question(request, pk)
        services.move_question(question=question, up=request.POST.get("direction") == "up", by=request.user)
        return redirect(question.survey)


class QuestionRemoveView(RoleRequiredMixin, View):
    allowed_roles = BUILDERS

    def post(self, request, pk):
        question = _visible_question(request, pk)
        with reported(request):
            services.remove_question(question=question, by=request.user)
        return redirect(question.survey)


# --- Links, posters, QR codes -----------------------------------------------------------


class LinkCreateView(RoleRequiredMixin, View):
    """Open links go back to the survey page; single-use links come straight back as a CSV file."""

    allowed_roles = INBOX_ROLES

    def post(self, request, pk):
        survey = _visible_survey(request, pk)
        form = LinkForm(request.POST, service_points=_service_points(request.user))
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
            links = services.create_links(
                survey=survey,
                service_point=data["service_point"],
                kind=data["kind"],
                count=count,
                label=data["label"],
                by=request.user,
            )
        if not outcome.ok:
            return redirect(survey)
        if data["kind"] == LinkKind.SINGLE_USE:
            return _links_csv(links, f"links-{survey.pk}-{timezone.localdate():%Y%m%d}.csv")
        messages.success(request, _("The link was made. Print its poster from the list below."))
        return redirect(survey)


def _links_csv(links, filename: str) -> HttpResponse:
    header = ["url", "token", "service_point", "label"]
    return csv_download(
        filename, [header, *([link.public_url, link.token, link.service_point.name, link.label] for link in links)]
    )


class LinkBatchCsvView(RoleRequiredMixin, View):
    """Download again the single-use links of one batch (same survey, service point and label)."""

    allowed_roles = INBOX_ROLES

    def get(self, request, pk):
        survey = _visible_survey(request, pk)
        links = scope(survey.links.filter(kind=LinkKind.SINGLE_USE, used_at__isnull=True), request.user)
        links = links.filter(label=request.GET.get("label", "")).select_related("service_point").order_by("pk")
        return _links_csv(links, f"links-{survey.pk}-unused.csv")


class LinkPosterView(ScopedQuerysetMixin, DetailView):
    model = SurveyLink
    allowed_roles = INBOX_ROLES
    template_name = "surveys/poster.html"

    def get_queryset(self):
        return super().get_queryset().filter(kind=LinkKind.OPEN).select_related("survey", "service_point__department")


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


# --- The inbox and triage ---------------------------------------------------------------


class _ResponseRows:
    """The rows every inbox view starts from, also for plain Views (which have no get_queryset)."""

    def get_queryset(self):
        return Response.objects.all()


class InboxQuerysetMixin(ScopedQuerysetMixin, _ResponseRows):
    model = Response
    allowed_roles = INBOX_ROLES

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)

    def filtered(self):
        return exports.exportable_responses(user=self.request.user, data=self.request.GET)


class InboxView(InboxQuerysetMixin, SingleTableMixin, FilterView):
    table_class = ResponseTable
    filterset_class = ResponseFilter
    template_name = "surveys/inbox.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            super().get_queryset().select_related("survey", "department", "service_point", "compliment").with_comment()
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["departments"] = visible_departments(self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filtered = self.filterset.qs
        context.update(
            reportable_total=filtered.reportable().count(),
            compliments_to_confirm=self.get_queryset()
            .reportable()
            .filter(compliment__status=ComplimentStatus.PENDING)
            .count(),
            triage_form=TriageForm(responses=Response.objects.none()),
            query=self.request.GET.urlencode(),
        )
        return context


class ResponseDetailView(InboxQuerysetMixin, DetailView):
    template_name = "surveys/response_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("survey", "department", "service_point", "link")

    def get_context_data(self, **kwargs):
        response = self.object
        compliment = getattr(response, "compliment", None)
        return super().get_context_data(
            answers=response.answers.select_related("question"),
            events=response.triage_events.select_related("actor"),
            tags=response.tags.all(),
            compliment=compliment,
            compliment_form=_compliment_form(self.request.user, response, compliment),
            status_choices=ResponseStatus.choices,
            **kwargs,
        )


def _compliment_form(user, response, compliment, data=None):
    if compliment is None:
        return None
    employees = scope(Employee.objects.active(), user)
    return ComplimentDecisionForm(data, employees=employees, initial={"employee": compliment.employee_id})


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
        compliment = get_object_or_404(Compliment, response=response)
        form = _compliment_form(request.user, response, compliment, request.POST)
        if form.is_valid():
            triage.decide_compliment(compliment=compliment, employee=form.cleaned_data["employee"], by=request.user)
            messages.success(request, _("The compliment was recorded."))
        else:
            messages.error(request, _("Choose someone from the list, or reject the compliment."))
        return redirect(response)


class FollowUpListView(InboxQuerysetMixin, SingleTableMixin, ListView):
    """Residents who asked to be contacted and have not been answered yet, oldest first."""

    model = Response  # as in InboxQuerysetMixin; restated since ListView declares it Optional
    table_class = FollowUpTable
    template_name = "surveys/follow_ups.html"
    paginate_by = 50

    def get_queryset(self):
        return super().get_queryset().follow_ups_due().select_related("department")


class ExportView(InboxQuerysetMixin, View):
    """The responses the inbox filter selects, as CSV (streamed) or XLSX. Up to EXPORT_DIRECT_MAX_ROWS they
    download at once; a larger export is prepared as a job (a POST, from the inbox's buttons or from the page
    a GET of a large export shows), so no web worker spends minutes on it."""

    def get(self, request, format):
        responses = self.filtered()
        if _is_large(responses):
            return render(
                request,
                "surveys/export_large.html",
                {"format": format, "query": request.GET.urlencode(), "limit": settings.EXPORT_DIRECT_MAX_ROWS},
            )
        return _direct_export(responses, format)

    def post(self, request, format):
        responses = self.filtered()
        if not _is_large(responses):
            return _direct_export(responses, format)
        stamp = timezone.localdate().strftime("%Y-%m-%d")
        return start_job_response(
            request,
            kind=EXPORT_KIND,
            parameters={"filters": exports.filters_of(request.GET), "format": format},
            title=_("Responses, %(format)s, %(date)s") % {"format": format.upper(), "date": stamp},
            back=f"{reverse('surveys:inbox')}?{request.GET.urlencode()}",
        )


def _is_large(responses) -> bool:
    limit = settings.EXPORT_DIRECT_MAX_ROWS
    return responses.order_by()[: limit + 1].count() > limit  # counts no further than the limit


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
