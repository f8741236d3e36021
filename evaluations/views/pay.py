"""HR's pay plan page: settings and merit rules, compute, spend against the pool, approve, payroll CSV."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_tables2 import RequestConfig

from evaluations.forms import MeritRuleFormSet, PayPlanForm
from evaluations.models import Cycle, PayPlan
from evaluations.services import pay
from evaluations.services.certification import missing_signatures, uncovered_awards
from evaluations.services.roles import HR_ROLES
from evaluations.tables import AwardTable
from evaluations.views.common import CycleMixin, FormWithRowsView
from org.access import get_visible_or_404, scope
from org.models import Department
from serviceculture.errors import reported
from serviceculture.pagination import BoundedPaginator
from serviceculture.spreadsheets import attachment


class PayPlanMixin(CycleMixin):
    """A page or button about the pay plan of the cycle named by the URL's pk."""

    allowed_roles = HR_ROLES
    cycle_queryset = Cycle.objects.prefetch_related("bands")

    @cached_property
    def plan(self) -> PayPlan | None:
        return scope(PayPlan.objects.filter(cycle=self.cycle), self.request.user).first()

    def existing_plan(self) -> PayPlan:
        plans = PayPlan.objects.select_related("cycle")
        return get_visible_or_404(plans, self.request.user, cycle_id=self.kwargs["pk"])


class PayPlanView(PayPlanMixin, FormWithRowsView):
    success_message = gettext_lazy("The plan is saved. Compute the awards to see its effect.")
    template_name = "evaluations/pay_plan.html"

    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs) if self.plan else self.no_plan_yet()

    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs) if self.plan else self.no_plan_yet()

    def no_plan_yet(self):
        return render(self.request, self.template_name, {"cycle": self.cycle, "plan": None})

    def forms(self, data):
        return PayPlanForm(data, instance=self.plan), MeritRuleFormSet(data, instance=self.plan)

    def save(self, form, rows):
        return pay.save_pay_plan(form=form, rules=rows, by=self.request.user)

    def saved_url(self, saved) -> str:
        return reverse("evaluations:pay_plan", args=[self.cycle.pk])

    def context(self, form, rows) -> dict:
        cycle, plan = self.cycle, self.plan
        assert plan is not None  # without a plan, get and post show no_plan_yet() instead
        spend = pay.spend_by_department(plan)
        awards = AwardTable(plan.awards.select_related("employee", "department", "evaluation"))
        RequestConfig(self.request, paginate={"per_page": 50, "paginator_class": BoundedPaginator}).configure(awards)
        departments = Department.objects.filter(depth=1).active()
        return {
            "cycle": cycle,
            "plan": plan,
            "form": form,
            "rules": rows,
            "spend": spend,
            "total": pay.spend_total(spend, plan),
            "awards": awards,
            "payroll": [self._payroll_row(plan, department) for department in departments],
            "approval_refusal": pay.approval_refusal(plan=plan, by=self.request.user),
        }

    def _payroll_row(self, plan: PayPlan, department: Department) -> dict:
        waiting = uncovered_awards(plan=plan, department=department)
        return {"department": department, "certified": not waiting, "waiting_for": missing_signatures(waiting)}


class PayPlanCreateView(PayPlanMixin, View):
    def post(self, request, *args, **kwargs):
        with reported(request, _("A pay plan with one merit rule per band is ready to fill in.")):
            pay.create_pay_plan(cycle=self.cycle, by=request.user)
        return redirect("evaluations:pay_plan", pk=self.cycle.pk)


class PayPlanComputeView(PayPlanMixin, View):
    def post(self, request, *args, **kwargs):
        plan = self.existing_plan()
        with reported(request) as outcome:
            count = pay.compute_pay_plan(plan=plan, by=request.user)
        if outcome.ok:
            messages.success(request, _("%(count)d awards computed.") % {"count": count})
        return redirect("evaluations:pay_plan", pk=plan.cycle_id)


class PayPlanApproveView(PayPlanMixin, View):
    def post(self, request, *args, **kwargs):
        plan = self.existing_plan()
        with reported(request, _("Approved. Certified departments may now be exported to payroll.")):
            pay.approve_pay_plan(plan=plan, by=request.user)
        return redirect("evaluations:pay_plan", pk=plan.cycle_id)


class PayrollExportView(PayPlanMixin, View):
    """The payroll CSV of one department: refused with the reason until it is certified and approved."""

    def get(self, request, *args, **kwargs):
        plan = self.existing_plan()
        department = get_visible_or_404(Department.objects.all(), request.user, pk=self.kwargs["department_pk"])
        with reported(request) as outcome:
            content = pay.payroll_csv(plan=plan, department=department, by=request.user)
        if not outcome.ok:
            return redirect("evaluations:pay_plan", pk=plan.cycle_id)
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = attachment(f"payroll-{plan.cycle.fiscal_year}-{department.code}.csv")
        return response
