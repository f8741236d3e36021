"""Commitment pages: an employee records how their commitment went; heads, supervisors and trainers see
the follow-ups that are overdue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from org.access import ScopedQuerysetMixin, employee_of
from serviceculture.errors import add_to_form
from serviceculture.pagination import TableMixin
from serviceculture.types import SignedInRequest
from training.forms import FollowUpForm
from training.models import Commitment
from training.selectors import overdue_commitments
from training.services.commitments import record_follow_up
from training.tables import OverdueCommitmentTable
from training.views.common import EmployeeRequiredMixin


class CommitmentFollowUpView(EmployeeRequiredMixin, FormView):
    """The employee records how their commitment went (the reminder email links here)."""

    template_name = "training/follow_up.html"
    form_class = FollowUpForm
    request: SignedInRequest  # behind EmployeeRequiredMixin: always signed in

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.commitment = get_object_or_404(
                Commitment.objects.select_related("module_version"), pk=kwargs["pk"], employee=employee_of(request.user)
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.commitment.is_pending:
            return {}
        return {"outcome": self.commitment.outcome, "note": self.commitment.outcome_note}

    def get_context_data(self, **kwargs):
        return super().get_context_data(commitment=self.commitment, **kwargs)

    def form_valid(self, form):
        try:
            record_follow_up(commitment=self.commitment, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_to_form(error, form)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you. Your follow-up is saved."))
        return redirect("training:my_training")


class OverdueCommitmentsView(ScopedQuerysetMixin, TableMixin, ListView):
    """Follow-ups past their date, of everyone the person may see (org.access: a head's subtree, a
    supervisor's direct reports, everyone for trainers), except the person's own."""

    model = Commitment
    template_name = "training/overdue.html"
    table_class = OverdueCommitmentTable
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return overdue_commitments(self.request.user).select_related("employee__department", "module_version")
