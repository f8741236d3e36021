"""Staff pages of 'you said, we did': heads draft and submit their departments' actions, program admins review.

Every page gets its rows through org.access: another department's action is a 404, a step the person's role may
not take a 403 (the services check the same rules again)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from org.access import RoleRequiredMixin, ScopedQuerysetMixin, get_visible_or_404, has_role, visible_departments
from org.roles import Role
from serviceculture.dates import local_today
from serviceculture.errors import add_to_form, reported
from serviceculture.pagination import TableMixin
from serviceculture.types import SignedInRequest
from yousaid.filters import ActionFilter
from yousaid.forms import ActionForm, ReviewForm
from yousaid.models import ActionStatus, FeedbackAction
from yousaid.selectors import action_history
from yousaid.services import publish_action, return_action, save_action, submit_action
from yousaid.tables import ActionTable

READERS = (Role.PROGRAM_ADMIN, Role.DEPARTMENT_HEAD)
WRITERS = (Role.DEPARTMENT_HEAD,)
REVIEWERS = (Role.PROGRAM_ADMIN,)


class ActionListView(ScopedQuerysetMixin, TableMixin, FilterView):
    """A head's departments' actions, or every action for a program admin (who filters those waiting)."""

    model = FeedbackAction
    allowed_roles = READERS
    table_class = ActionTable
    filterset_class = ActionFilter
    template_name = "yousaid/action_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[FeedbackAction]:
        scoped: QuerySet[FeedbackAction] = super().get_queryset()
        return scoped.select_related("department", "service_point")

    def get_filterset_kwargs(self, filterset_class: type[ActionFilter]) -> dict[str, Any]:
        return {**super().get_filterset_kwargs(filterset_class), "departments": visible_departments(self.request.user)}


class ActionFormView(RoleRequiredMixin, FormView):  # type: ignore[type-arg]
    """Draft a new action, or change a draft or returned one of the head's departments (elsewhere: 404)."""

    request: SignedInRequest
    allowed_roles = WRITERS
    form_class = ActionForm
    template_name = "yousaid/action_form.html"

    @cached_property
    def action(self) -> FeedbackAction | None:
        if "pk" not in self.kwargs:
            return None
        return get_visible_or_404(FeedbackAction.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refuse_locked() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refuse_locked() or super().post(request, *args, **kwargs)

    def _refuse_locked(self) -> HttpResponse | None:
        """An action under review or published is read on its page, not changed."""
        if self.action is None or self.action.is_editable:
            return None
        messages.warning(
            self.request,
            _("This action is %(status)s: it can no longer be changed.") % {"status": self.action.get_status_display()},
        )
        return redirect(self.action)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = {**super().get_form_kwargs(), "user": self.request.user, "instance": self.action}
        if self.action is None:
            kwargs["initial"] = {
                "department": visible_departments(self.request.user).order_by("path").first(),
                "changed_on": local_today(),
            }
        return kwargs

    def form_valid(self, form: ActionForm) -> HttpResponse:
        submit = "submit" in self.request.POST
        try:
            action = save_action(action=self.action, text=form.action_text(), by=self.request.user, submit=submit)
        except ValidationError as error:
            add_to_form(error, form)
            return self.form_invalid(form)
        messages.success(self.request, _("The action is sent for review.") if submit else _("The draft is saved."))
        return redirect(action)

    def form_invalid(self, form: ActionForm) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class ActionDetailView(ScopedQuerysetMixin, DetailView):  # type: ignore[type-arg]
    """The action in both languages, its history, and the step the person may take now: the review page."""

    model = FeedbackAction
    allowed_roles = READERS
    template_name = "yousaid/action_detail.html"
    context_object_name = "action"

    def get_queryset(self) -> QuerySet[FeedbackAction]:
        scoped: QuerySet[FeedbackAction] = super().get_queryset()
        return scoped.select_related("department", "service_point", "submitted_by__employee")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**review_context(self.request, self.object), **kwargs)


def review_context(
    request: HttpRequest, action: FeedbackAction, review_form: ReviewForm | None = None
) -> dict[str, Any]:
    """What the action's page offers this person: a head may change and submit an editable action; a program admin
    who did not submit it may review it while it waits."""
    user = request.user
    may_review = (
        has_role(user, *REVIEWERS) and action.status == ActionStatus.SUBMITTED and action.submitted_by_id != user.pk
    )
    return {
        "texts": [
            ({"code": "en", "name": _("English")}, action.you_said_en, action.we_did_en),
            ({"code": "es", "name": _("Spanish")}, action.you_said_es, action.we_did_es),
        ],
        "history": action_history(action),
        "may_write": has_role(user, *WRITERS) and action.is_editable,
        "may_review": may_review,
        "review_form": review_form or ReviewForm(),
    }


class SubmitView(RoleRequiredMixin, View):
    """The head's button: send a draft or returned action for review."""

    request: SignedInRequest
    allowed_roles = WRITERS

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        action = get_visible_or_404(FeedbackAction.objects.all(), request.user, pk=pk)
        with reported(request, _("The action is sent for review.")):
            submit_action(action=action, by=request.user)
        return redirect(action)


class ReviewView(RoleRequiredMixin, View):
    """The program admin's buttons: publish, or return with a note. A return without a note comes back to the
    page with the error beside the note box."""

    request: SignedInRequest
    allowed_roles = REVIEWERS

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        action = get_visible_or_404(
            FeedbackAction.objects.select_related("department", "service_point"), request.user, pk=pk
        )
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                return self._decide(action, form.cleaned_data["decision"], form.cleaned_data["note"])
            except ValidationError as error:
                add_to_form(error, form)
        view = ActionDetailView(request=request, kwargs={"pk": pk}, object=action)
        context = {"object": action, "action": action, "view": view, **review_context(request, action, form)}
        response = view.render_to_response(context)
        response.status_code = 400
        return response

    def _decide(self, action: FeedbackAction, decision: str, note: str) -> HttpResponseRedirect:
        if decision == "publish":
            publish_action(action=action, by=self.request.user)
            messages.success(self.request, _("The action is published on the standards page."))
        else:
            return_action(action=action, note=note, by=self.request.user)
            messages.success(self.request, _("The action is returned to its department with your note."))
        return redirect(action)
