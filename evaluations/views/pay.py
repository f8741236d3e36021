"""HR's pay plan page: settings and merit rules, compute, spend against the pool, approve, payroll CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from evaluations.forms import MeritRuleFormSet, PayPlanForm
from evaluations.models import Cycle, PayPlan
from evaluations.services import pay
from evaluations.services.certification import is_certified
from evaluations.services.roles import require_hr
from evaluations.tables import AwardTable
from evaluations.views.common import saved_with_rows
from org.models import Department
from serviceculture.errors import reported


def _plan(cycle_pk: int) -> tuple[Cycle, PayPlan | None]:
    cycle = get_object_or_404(Cycle.objects.prefetch_related("bands"), pk=cycle_pk)
    return cycle, PayPlan.objects.filter(cycle=cycle).first()


@login_required
def pay_plan(request, pk: int):
    require_hr(request.user)
    cycle, plan = _plan(pk)
    if plan is None:
        return render(request, "evaluations/pay_plan.html", {"cycle": cycle, "plan": None})
    form = PayPlanForm(request.POST or None, instance=plan)
    rules = MeritRuleFormSet(request.POST or None, instance=plan)
    if saved_with_rows(request, form, rules, _("The plan is saved. Compute the awards to see its effect.")):
        return redirect("evaluations:pay_plan", pk=cycle.pk)
    spend = pay.spend_by_department(plan)
    awards = AwardTable(plan.awards.select_related("employee", "department", "evaluation"))
    RequestConfig(request, paginate={"per_page": 50}).configure(awards)
    departments = Department.objects.filter(depth=1).active()
    return render(request, "evaluations/pay_plan.html", {
        "cycle": cycle,
        "plan": plan,
        "form": form,
        "rules": rules,
        "spend": spend,
        "total": pay.spend_total(spend, plan),
        "awards": awards,
        "payroll": [{"department": d, "certified": is_certified(cycle=cycle, department=d)} for d in departments],
    })


@login_required
@require_POST
def pay_plan_create(request, pk: int):
    cycle = get_object_or_404(Cycle.objects.prefetch_related("bands"), pk=pk)
    with reported(request, _("A pay plan with one merit rule per band is ready to fill in.")):
        pay.create_pay_plan(cycle=cycle, by=request.user)
    return redirect("evaluations:pay_plan", pk=cycle.pk)


@login_required
@require_POST
def pay_plan_compute(request, pk: int):
    with reported(request) as outcome:
        count = pay.compute_pay_plan(plan=get_object_or_404(PayPlan, cycle_id=pk), by=request.user)
    if outcome.ok:
        messages.success(request, _("%(count)d awards computed.") % {"count": count})
    return redirect("evaluations:pay_plan", pk=pk)


@login_required
@require_POST
def pay_plan_approve(request, pk: int):
    with reported(request, _("Approved. Certified departments may now be exported to payroll.")):
        pay.approve_pay_plan(plan=get_object_or_404(PayPlan, cycle_id=pk), by=request.user)
    return redirect("evaluations:pay_plan", pk=pk)


@login_required
def payroll_export(request, pk: int, department_pk: int):
    """The payroll CSV of one department: refused with the reason until it is certified and approved."""
    plan = get_object_or_404(PayPlan.objects.select_related("cycle"), cycle_id=pk)
    department = get_object_or_404(Department, pk=department_pk)
    with reported(request) as outcome:
        content = pay.payroll_csv(plan=plan, department=department, by=request.user)
    if not outcome.ok:
        return redirect("evaluations:pay_plan", pk=pk)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    # A department code is free text: slugified, a quote or a line break in it cannot break the header.
    name = slugify(f"payroll-{plan.cycle.fiscal_year}-{department.code}")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
