"""One evaluation: its page, the step forms, the printable copy and the PDF; and the to-do list."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from evaluations.evidence import evidence_for
from evaluations.filters import EvaluationFilter
from evaluations.forms import CommentForm, RatingForm, ReasonForm, ReviewForm, SelfEvaluationForm
from evaluations.history import evaluation_history
from evaluations.models import Evaluation, EvaluationScore, EvaluationStatus
from evaluations.services import workflow
from evaluations.services.roles import is_hr, is_own, is_reviewing_head, reviewed_by_hr, visible_evaluations
from evaluations.tables import EvaluationTable
from evaluations.views.common import HR_AND_HEADS
from jobs.views import start_job_response
from org.access import RoleRequiredMixin, employee_of, has_role, security_log, visible_departments
from org.roles import Role
from serviceculture.errors import reported
from serviceculture.pdf import PdfUnavailable, check_available

PDF_KIND = "evaluations.evaluation_pdf"
TODO_LIMIT = 300  # a to-do list longer than this is a job for the evaluations table and its filters
Status = EvaluationStatus


def get_evaluation_or_404(user, pk: int) -> Evaluation:
    """The evaluation if this person may open it; otherwise it does not exist for them (404)."""
    queryset = visible_evaluations(user).select_related(
        "cycle", "employee", "department", "evaluator", "template"
    ).prefetch_related(Prefetch("scores", queryset=EvaluationScore.objects.order_by("order", "pk")), "cycle__bands")
    try:
        return queryset.get(pk=pk)
    except Evaluation.DoesNotExist:
        if Evaluation.objects.filter(pk=pk).exists():
            security_log.warning("out-of-scope evaluation pk=%s requested by user %s", pk, user.pk)
        raise Http404(_("No evaluation here.")) from None


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


def _evaluation_for_step(request, pk: int, step: str, known_steps) -> Evaluation:
    evaluation = get_evaluation_or_404(request.user, pk)
    if step not in known_steps:
        raise Http404
    return evaluation


@login_required
def evaluation_detail(request, pk: int):
    evaluation = get_evaluation_or_404(request.user, pk)
    return render(request, "evaluations/evaluation_detail.html", _detail_context(request, evaluation))


@login_required
@require_POST
def evaluation_form_step(request, pk: int, step: str):
    """The steps with a per-criterion form: rate, self-evaluate, review. A refused step re-renders what was typed."""
    evaluation = _evaluation_for_step(request, pk, step, STEP_FORMS)
    form = STEP_FORMS[step](request.POST, scores=evaluation.scores.all())
    if form.is_valid():
        with reported(request, _("Saved.")) as outcome:
            _run_form_step(step, evaluation, request, form)
        if outcome.ok:
            return redirect(evaluation)
    evaluation = get_evaluation_or_404(request.user, pk)
    context = _detail_context(request, evaluation, data=request.POST, failed_step=step)
    return render(request, "evaluations/evaluation_detail.html", context, status=400)


def _run_form_step(step, evaluation, request, form) -> None:
    user = request.user
    data = form.cleaned_data
    if step == "rate":
        workflow.save_ratings(
            evaluation=evaluation, by=user, ratings=form.per_score("rating"), comments=form.per_score("note"),
            evaluator_comment=data["evaluator_comment"], submit=request.POST.get("action") == "submit",
        )
    elif step == "self_evaluate":
        workflow.submit_self_evaluation(
            evaluation=evaluation, by=user, self_ratings=form.per_score("self"), assessment=data["assessment"]
        )
    else:
        workflow.review_evaluation(evaluation=evaluation, by=user, changes=form.changes(), comment=data["reviewer_comment"])


SIMPLE_STEPS = {
    # step: (service, form class or None, keyword the form's comment goes to, success message)
    "request_self": (workflow.request_self_evaluation, None, None, gettext_lazy("Sent to the employee for self-evaluation.")),
    "clear_hr": (workflow.clear_hr_review, CommentForm, "comment", gettext_lazy("Sent on to the department head.")),
    "return": (workflow.return_to_evaluator, ReasonForm, "comment", gettext_lazy("Returned to the evaluator.")),
    "finalise": (workflow.finalise_evaluation, None, None, gettext_lazy("Finalised.")),
    "release": (workflow.release_evaluation, None, None, gettext_lazy("Released to the employee.")),
    "acknowledge": (workflow.acknowledge_evaluation, CommentForm, "comment", gettext_lazy("Thank you. Your acknowledgement is recorded.")),
    "reopen": (workflow.reopen_evaluation, ReasonForm, "reason", gettext_lazy("Reopened for review.")),
}


@login_required
@require_POST
def evaluation_step(request, pk: int, step: str):
    """A one-button step, with an optional comment or a required reason."""
    evaluation = _evaluation_for_step(request, pk, step, SIMPLE_STEPS)
    service, form_class, keyword, success = SIMPLE_STEPS[step]
    kwargs = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            context = _detail_context(request, evaluation)
            context["reason_form" if form_class is ReasonForm else "comment_form"] = form
            return render(request, "evaluations/evaluation_detail.html", context, status=400)
        kwargs[keyword] = form.cleaned_data["comment"]
    with reported(request, str(success)):
        service(evaluation=evaluation, by=request.user, **kwargs)
    return redirect(evaluation)


def print_css() -> str:
    """The print style sheet, inlined into the HTML Chromium prints (it loads nothing from the network)."""
    with open(finders.find("evaluations/print.css"), encoding="utf-8") as handle:
        return handle.read()


def printable_html(evaluation, *, request=None, inline_css: str = "") -> str:
    """The printable evaluation; without a request (in a job) the site's name comes from settings."""
    return render_to_string(
        "evaluations/evaluation_print.html",
        {"evaluation": evaluation, "scores": evaluation.scores.all(), "inline_css": inline_css,
         "agency_name": settings.AGENCY_NAME},
        request=request,
    )


@login_required
def evaluation_print(request, pk: int):
    return HttpResponse(printable_html(get_evaluation_or_404(request.user, pk), request=request))


@login_required
@require_POST
def evaluation_pdf(request, pk: int):
    """Queue the PDF as a job (evaluations/jobs.py) and show its progress: Chromium never runs in a web worker."""
    evaluation = get_evaluation_or_404(request.user, pk)
    try:
        check_available()
    except PdfUnavailable as problem:
        return render(request, "evaluations/pdf_unavailable.html", {"evaluation": evaluation, "problem": problem}, status=503)
    title = _("Evaluation of %(name)s, %(cycle)s (PDF)") % {"name": evaluation.employee.full_name,
                                                           "cycle": evaluation.cycle.name}
    return start_job_response(request, kind=PDF_KIND, parameters={"evaluation_id": evaluation.pk}, title=title,
                              back=evaluation.get_absolute_url())


@login_required
def my_evaluations(request):
    """To do: what this person must rate, review, finalise or acknowledge, with due dates; and their own results."""
    user = request.user
    employee = employee_of(user)
    todo = visible_evaluations(user).select_related("cycle", "employee", "department", "evaluator")
    conditions = []
    if employee is not None:
        todo_own = todo.filter(employee=employee, status__in=[Status.SELF_EVALUATION, Status.RELEASED])
        to_rate = todo.filter(evaluator=employee, status__in=workflow.RATABLE)
        conditions += [todo_own, to_rate]
    if has_role(user, Role.DEPARTMENT_HEAD) and employee is not None:
        conditions.append(todo.filter(status=Status.RATED).exclude(employee=employee).exclude(evaluator=employee))
    if is_hr(user):
        conditions.append(todo.filter(status__in=[Status.HR_REVIEW, Status.REVIEWED, Status.FINALISED]))
        conditions.append(todo.filter(reviewed_by_hr(), status=Status.RATED))
    items = Evaluation.objects.none()
    for queryset in conditions:
        items = items | queryset
    own = (
        Evaluation.objects.released_to(employee).select_related("cycle").order_by("-cycle__fiscal_year")
        if employee is not None else []
    )
    items = items.select_related("cycle", "employee", "department").order_by("employee__last_name")[:TODO_LIMIT]
    return render(request, "evaluations/my_evaluations.html", {
        "items": sorted(items, key=lambda evaluation: evaluation.due_date() or date.max),
        "own": own,
    })


class EvaluationListView(RoleRequiredMixin, SingleTableMixin, FilterView):
    """Every evaluation this person may see, with filters. A fixed number of queries however many rows."""

    allowed_roles = HR_AND_HEADS
    table_class = EvaluationTable
    filterset_class = EvaluationFilter
    template_name = "evaluations/evaluation_list.html"
    paginate_by = 50

    def get_queryset(self):
        return visible_evaluations(self.request.user).select_related("cycle", "employee", "department", "evaluator")

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["departments"] = visible_departments(self.request.user)
        return kwargs
