"""One evaluation: its page, the step forms, the printable copy and the PDF; and the to-do list."""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView

from accounts.audit import record_download
from accounts.models import AuditAction
from evaluations.evidence import evidence_for
from evaluations.filters import EvaluationFilter
from evaluations.forms import CommentForm, RatingForm, ReasonForm, ReviewForm, SelfEvaluationForm
from evaluations.history import evaluation_history
from evaluations.jobs import PDF_KIND
from evaluations.models import Evaluation, EvaluationStatus
from evaluations.printing import printable_html
from evaluations.selectors import evaluations_to_do, evaluations_waiting, get_evaluation_or_404, where_it_is_now
from evaluations.services import workflow
from evaluations.services.roles import HR_AND_HEADS, is_hr, is_own, is_reviewing_head, visible_evaluations
from evaluations.tables import EvaluationTable
from jobs.views import start_job_response
from org.access import RoleRequiredMixin, employee_of, visible_departments
from serviceculture.errors import reported
from serviceculture.pagination import TableMixin
from serviceculture.pdf import PdfUnavailable, check_available

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TODO_LIMIT = 300  # a to-do list longer than this is a job for the evaluations table and its filters
Status = EvaluationStatus


class EvaluationMixin(LoginRequiredMixin):
    """A page or step of the evaluation named by the URL's pk. No role check: anyone signed in may have an
    evaluation to open, and someone whose roles were taken away meets a 404 like everyone outside its scope.
    `visible_evaluations` (built on org.access's scope()) decides which; the workflow services decide who
    may take a step."""

    request: HttpRequest  # set by the view this is mixed into, with its URL's kwargs
    kwargs: dict[str, Any]

    def evaluation(self) -> Evaluation:
        return get_evaluation_or_404(self.request.user, self.kwargs["pk"])


STEP_FORMS = {
    "rate": RatingForm,
    "self_evaluate": SelfEvaluationForm,
    "review": ReviewForm,
}


def _step_forms(evaluation, steps, data=None, failed_step=None) -> dict:
    """Unbound forms for each step the person may take; the failed one bound again to what they typed."""
    scores = list(evaluation.scores.all())
    forms = {}
    for step, form_class in STEP_FORMS.items():
        if step in steps:
            bound = data if step == failed_step else None
            forms[step] = form_class(bound, scores=scores, initial=_initial(step, evaluation, scores))
    return forms


def _initial(step: str, evaluation, scores) -> dict:
    if step == "rate":
        initial = {f"rating_{s.pk}": s.initial_rating for s in scores}
        initial.update({f"note_{s.pk}": s.rater_comment for s in scores})
        return initial | {"evaluator_comment": evaluation.evaluator_comment}
    if step == "review":
        return {f"final_{s.pk}": s.final_rating for s in scores} | {"reviewer_comment": evaluation.reviewer_comment}
    return {f"self_{s.pk}": s.self_rating for s in scores} | {"assessment": evaluation.self_assessment}


def _detail_context(request, evaluation, data=None, failed_step=None) -> dict:
    user = request.user
    steps = workflow.allowed_steps(evaluation, user)
    own = is_own(evaluation, user)
    return {
        "evaluation": evaluation,
        "scores": evaluation.scores.all(),
        "steps": steps,
        "has_simple_steps": bool(steps & SIMPLE_STEPS.keys()),
        "forms": _step_forms(evaluation, steps, data, failed_step),
        "comment_form": CommentForm(),
        "reason_form": ReasonForm(),
        "is_own": own,
        "show_ratings": not own or evaluation.status in (Status.RELEASED, Status.ACKNOWLEDGED),
        "evidence": None if own else evidence_for(evaluation),
        "history": evaluation_history(evaluation) if is_hr(user) else None,
        "hr_reviews": "review" in steps and not is_reviewing_head(evaluation, user),
    }


class EvaluationDetailView(EvaluationMixin, View):
    def get(self, request, *args, **kwargs):
        return render(request, "evaluations/evaluation_detail.html", _detail_context(request, self.evaluation()))


class EvaluationFormStepView(EvaluationMixin, View):
    """The steps with a per-criterion form: rate, self-evaluate, review. A refused step re-renders what was typed."""

    def post(self, request, pk: int, step: str):
        evaluation = self.evaluation()
        if step not in STEP_FORMS:
            raise Http404
        form = STEP_FORMS[step](request.POST, scores=evaluation.scores.all())
        if form.is_valid():
            with reported(request) as outcome:
                moved = _run_form_step(step, evaluation, request, form)
            if outcome.ok:
                messages.success(request, _form_step_message(step, moved, submitted=_submits(request)))
                return redirect(evaluation)
        evaluation = self.evaluation()  # as it is now: the refused step changed nothing
        context = _detail_context(request, evaluation, data=request.POST, failed_step=step)
        return render(request, "evaluations/evaluation_detail.html", context, status=400)


def _submits(request) -> bool:
    return request.POST.get("action") == "submit"


def _run_form_step(step, evaluation, request, form) -> Evaluation:
    user = request.user
    data = form.cleaned_data
    if step == "rate":
        return workflow.save_ratings(
            evaluation=evaluation,
            by=user,
            ratings=form.per_score("rating"),
            comments=form.per_score("note"),
            evaluator_comment=data["evaluator_comment"],
            submit=_submits(request),
        )
    if step == "self_evaluate":
        return workflow.submit_self_evaluation(
            evaluation=evaluation, by=user, self_ratings=form.per_score("self"), assessment=data["assessment"]
        )
    return workflow.review_evaluation(
        evaluation=evaluation, by=user, changes=form.changes(), comment=data["reviewer_comment"]
    )


def step_message(done: "StrOrPromise", evaluation: Evaluation) -> str:
    """What a step did and where the evaluation went: "Ratings submitted: the evaluation is now with … for
    review." Every step of the workflow says it this way."""
    return _("%(done)s: %(where)s.") % {"done": done, "where": where_it_is_now(evaluation)}


FORM_STEPS_DONE: dict[str, "StrOrPromise"] = {
    "rate": gettext_lazy("Ratings submitted"),
    "self_evaluate": gettext_lazy("Self-evaluation submitted"),
    "review": gettext_lazy("Review complete"),
}


def _form_step_message(step: str, evaluation: Evaluation, *, submitted: bool) -> str:
    if step == "rate" and not submitted:
        return _("Ratings saved as a draft. Submit them when every criterion is rated.")
    return step_message(FORM_STEPS_DONE[step], evaluation)


# (service, form class or None, keyword the form's comment goes to, what was done: the start of the message)
SimpleStep = tuple[Callable[..., Evaluation], type[Form] | None, str | None, "StrOrPromise"]

SIMPLE_STEPS: dict[str, SimpleStep] = {
    "request_self": (workflow.request_self_evaluation, None, None, gettext_lazy("Self-evaluation requested")),
    "clear_hr": (workflow.clear_hr_review, CommentForm, "comment", gettext_lazy("Cleared by HR")),
    "return": (workflow.return_to_evaluator, ReasonForm, "comment", gettext_lazy("Returned to the evaluator")),
    "finalise": (workflow.finalise_evaluation, None, None, gettext_lazy("Finalised")),
    "release": (workflow.release_evaluation, None, None, gettext_lazy("Released")),
    "acknowledge": (
        workflow.acknowledge_evaluation,
        CommentForm,
        "comment",
        gettext_lazy("Thank you, your acknowledgement is recorded"),
    ),
    "reopen": (workflow.reopen_evaluation, ReasonForm, "reason", gettext_lazy("Reopened")),
}


class EvaluationStepView(EvaluationMixin, View):
    """A one-button step, with an optional comment or a required reason."""

    def post(self, request, pk: int, step: str):
        evaluation = self.evaluation()
        if step not in SIMPLE_STEPS:
            raise Http404
        service, form_class, keyword, done = SIMPLE_STEPS[step]
        kwargs: dict[str, str] = {}
        if form_class is not None:
            form = form_class(request.POST)
            if not form.is_valid():
                context = _detail_context(request, evaluation)
                context["reason_form" if form_class is ReasonForm else "comment_form"] = form
                return render(request, "evaluations/evaluation_detail.html", context, status=400)
            assert keyword is not None  # every step with a form names the keyword its comment goes to
            kwargs[keyword] = form.cleaned_data["comment"]
        with reported(request) as outcome:
            moved = service(evaluation=evaluation, by=request.user, **kwargs)
        if outcome.ok:
            messages.success(request, step_message(done, moved))
        return redirect(evaluation)


class EvaluationPrintView(EvaluationMixin, View):
    """The printable version: opened to be printed, so it is on the audit trail as a printout."""

    def get(self, request, *args, **kwargs):
        evaluation = self.evaluation()
        page = HttpResponse(printable_html(evaluation, request=request))
        summary = _("Evaluation of %(name)s, %(cycle)s (printable page)") % _names(evaluation)
        record_download(AuditAction.PRINTED, by=request.user, summary=summary, details=_printed(evaluation, "html"))
        return page


def _names(evaluation) -> dict[str, str]:
    return {"name": evaluation.employee.full_name, "cycle": evaluation.cycle.name}


def _printed(evaluation, format: str) -> dict:
    return {"evaluation": evaluation.pk, "employee": evaluation.employee.employee_number, "format": format}


class EvaluationPdfView(EvaluationMixin, View):
    """Queue the PDF as a job (evaluations/jobs.py) and show its progress: Chromium never runs in a web worker."""

    def post(self, request, *args, **kwargs):
        evaluation = self.evaluation()
        try:
            check_available()
        except PdfUnavailable as problem:
            return render(
                request, "evaluations/pdf_unavailable.html", {"evaluation": evaluation, "problem": problem}, status=503
            )
        title = _("Evaluation of %(name)s, %(cycle)s (PDF)") % _names(evaluation)
        return start_job_response(
            request,
            kind=PDF_KIND,
            parameters={"evaluation_id": evaluation.pk},
            title=title,
            back=evaluation.get_absolute_url(),
            on_start=lambda job: record_download(
                AuditAction.PRINTED, by=request.user, summary=title, details=_printed(evaluation, "pdf"), job_id=job.pk
            ),
        )


class MyEvaluationsView(LoginRequiredMixin, TemplateView):
    """To do: what this person must rate, review, finalise or acknowledge, with due dates; and their own results.
    Anyone signed in: both lists come from visible_evaluations and the person's own employee record."""

    template_name = "evaluations/my_evaluations.html"

    def get_context_data(self, **kwargs):
        employee = employee_of(self.request.user)
        # ?waiting= narrows the list to one kind (the home page's counts link here); an unknown kind is ignored.
        kind = self.request.GET.get("waiting", "")
        kind = kind if kind in evaluations_waiting(self.request.user) else ""
        items = evaluations_to_do(self.request.user, kind=kind).select_related("cycle", "employee", "department")
        own = (
            Evaluation.objects.released_to(employee)
            .select_related("cycle")
            .prefetch_related("cycle__bands")
            .order_by("-cycle__fiscal_year")
            if employee is not None
            else []
        )
        return super().get_context_data(
            items=sorted(
                items.order_by("employee__last_name")[:TODO_LIMIT],
                key=lambda evaluation: evaluation.due_date() or date.max,
            ),
            own=own,
            waiting=kind,
            **kwargs,
        )


class EvaluationListView(RoleRequiredMixin, TableMixin, FilterView):
    """Every evaluation this person may see, with filters. A fixed number of queries however many rows."""

    allowed_roles = HR_AND_HEADS
    table_class = EvaluationTable
    filterset_class = EvaluationFilter
    template_name = "evaluations/evaluation_list.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            visible_evaluations(self.request.user)
            .select_related("cycle", "employee", "department", "evaluator")
            .prefetch_related("cycle__bands")  # the band's name in the reader's language
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["departments"] = visible_departments(self.request.user)
        return kwargs
