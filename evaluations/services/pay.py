"""Pay plans: a cycle's settled evaluations become across-the-board, merit and lump-sum awards.

For each employee with a finalised evaluation, on salary S:
1. ATB % = the plan's percentage (0 below the plan's minimum score, when it has one).
2. Merit % = steps for the band x step size, or the matrix cell of the band and the compa-ratio zone
   (S / range midpoint: below the lower bound, within the bounds inclusive, above the upper bound).
3. The cap limits ATB + merit to cap % of S; merit is trimmed first.
4. Base pay never passes the range maximum: whatever would take it past is paid as a lump sum instead
   (all of it for someone already at or above the maximum). Lump sums never raise base pay.
5. Amounts are computed exactly and rounded half-up to cents at the end; merit takes the rounding cent,
   so ATB + merit always equals the rounded base increase.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.forms import BaseInlineFormSet, ModelForm
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_download
from accounts.models import AuditAction
from evaluations.models import Award, Evaluation, MeritKind, MeritRule, PayPlan, half_up
from evaluations.services.certification import is_certified
from evaluations.services.cycles import save_with_rows
from evaluations.services.roles import require_hr
from org.models import Department
from serviceculture.spreadsheets import neutralise

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class AwardFigures:
    compa_ratio: Decimal | None
    atb_percent: Decimal
    merit_percent: Decimal
    atb_amount: Decimal
    merit_amount: Decimal
    lump_sum: Decimal
    new_salary: Decimal
    capped: bool


def merit_percent(*, plan: PayPlan, rule: MeritRule | None, compa_ratio: Decimal | None) -> Decimal:
    if rule is None:
        return ZERO
    if plan.merit_kind == MeritKind.STEPS:
        return rule.steps * plan.step_percent
    if compa_ratio is not None and compa_ratio < plan.zone_low:
        return rule.below_zone_percent
    if compa_ratio is not None and compa_ratio > plan.zone_high:
        return rule.above_zone_percent
    return rule.in_zone_percent


def compute_award(
    *,
    plan: PayPlan,
    rule: MeritRule | None,
    salary: Decimal,
    midpoint: Decimal | None,
    maximum: Decimal | None,
    score: Decimal,
) -> AwardFigures:
    """The award of one person (a pure function: the hand-computed tests check it cell by cell)."""
    compa_ratio = salary / midpoint if midpoint else None
    gets_atb = plan.atb_minimum_score is None or score >= plan.atb_minimum_score
    atb_pct = plan.atb_percent if gets_atb else ZERO
    merit_pct = merit_percent(plan=plan, rule=rule, compa_ratio=compa_ratio)
    atb, merit = salary * atb_pct / HUNDRED, salary * merit_pct / HUNDRED
    capped = False
    if plan.cap_percent is not None and atb + merit > salary * plan.cap_percent / HUNDRED:
        atb, merit = _trim(atb, merit, atb + merit - salary * plan.cap_percent / HUNDRED)
        capped = True
    lump = ZERO
    room = max(maximum - salary, ZERO) if maximum is not None else None
    if room is not None and atb + merit > room:
        lump = atb + merit - room
        atb, merit = _trim(atb, merit, lump)
    base_increase = half_up(atb + merit)
    atb_amount = half_up(atb)
    return AwardFigures(
        compa_ratio=half_up(compa_ratio, Decimal("0.001")) if compa_ratio is not None else None,
        atb_percent=atb_pct,
        merit_percent=merit_pct,
        atb_amount=atb_amount,
        merit_amount=base_increase - atb_amount,
        lump_sum=half_up(lump),
        new_salary=salary + base_increase,
        capped=capped,
    )


def _trim(atb: Decimal, merit: Decimal, excess: Decimal) -> tuple[Decimal, Decimal]:
    """Take the excess off merit first, then off ATB."""
    from_merit = min(excess, merit)
    return atb - (excess - from_merit), merit - from_merit


@transaction.atomic
def compute_pay_plan(*, plan: PayPlan, by) -> int:
    """(Re)compute every award of the plan from the cycle's settled evaluations. Returns how many."""
    require_hr(by)
    plan = PayPlan.objects.select_for_update().select_related("cycle").get(pk=plan.pk)
    rules = {rule.band: rule for rule in plan.rules.all()}
    evaluations = list(Evaluation.objects.filter(cycle=plan.cycle).settled().select_related("employee"))
    plan.awards.exclude(evaluation__in=evaluations).delete()
    existing = {award.evaluation_id: award for award in plan.awards.all()}
    for evaluation in evaluations:
        employee = evaluation.employee
        figures = compute_award(
            plan=plan,
            rule=rules.get(evaluation.band),
            salary=employee.base_salary,
            midpoint=employee.pay_range_midpoint,
            maximum=employee.pay_range_maximum,
            score=evaluation.score,
        )
        award = existing.get(evaluation.pk) or Award(plan=plan, evaluation=evaluation, employee=employee)
        _store(award, figures, evaluation, by)
    plan.computed_at = timezone.now()
    plan.approved_at, plan.approved_by = None, None  # a recomputed plan needs HR's approval again
    plan.save()
    return len(evaluations)


def _store(award: Award, figures: AwardFigures, evaluation: Evaluation, by) -> None:
    award.department_id = evaluation.department_id
    award.salary_before = evaluation.employee.base_salary
    for field, value in figures.__dict__.items():
        setattr(award, field, value)
    award.note = _("Lump sum at the range maximum") if figures.lump_sum else ""
    award._history_user = by  # type: ignore[attr-defined]  # simple-history reads who acted from here
    award.save()


@transaction.atomic
def approve_pay_plan(*, plan: PayPlan, by) -> PayPlan:
    require_hr(by)
    plan = PayPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.computed_at is None:
        raise ValidationError(_("Compute the awards before approving the plan."))
    plan.approved_at, plan.approved_by = timezone.now(), by
    plan.save(update_fields=["approved_at", "approved_by"])
    return plan


def spend_by_department(plan: PayPlan) -> list[dict]:
    """Per department (of the evaluation): people, ATB, merit, lump sums and the total. One query."""
    rows = (
        plan.awards.values("department__id", "department__name", "department__path")
        .annotate(people=Count("pk"), atb=Sum("atb_amount"), merit=Sum("merit_amount"), lump=Sum("lump_sum"))
        .order_by("department__path")
    )
    return [dict(row, total=row["atb"] + row["merit"] + row["lump"]) for row in rows]


def spend_total(rows: list[dict], plan: PayPlan) -> dict:
    total = sum((row["total"] for row in rows), ZERO)
    return {
        "people": sum(row["people"] for row in rows),
        "atb": sum((row["atb"] for row in rows), ZERO),
        "merit": sum((row["merit"] for row in rows), ZERO),
        "lump": sum((row["lump"] for row in rows), ZERO),
        "total": total,
        "pool": plan.budget_pool,
        "difference": abs(plan.budget_pool - total),
        "over": total > plan.budget_pool,
    }


PAYROLL_COLUMNS = [
    "employee_number",
    "last_name",
    "first_name",
    "department",
    "salary_before",
    "atb_amount",
    "merit_amount",
    "lump_sum",
    "new_salary",
]


def payroll_csv(*, plan: PayPlan, department: Department, by) -> str:
    """The payroll file of one department and its divisions: only once certified and approved by HR. Each file
    handed out is on the audit trail (it holds everyone's new salary)."""
    require_hr(by)
    plan = PayPlan.objects.select_related("cycle").get(pk=plan.pk)
    if not is_certified(cycle=plan.cycle, department=department):
        raise ValidationError(
            _("%(department)s is not certified for this cycle; its pay cannot be released yet.")
            % {"department": department.name}
        )
    if plan.approved_at is None:
        raise ValidationError(_("HR has not approved the computed pay plan yet."))
    awards = list(
        plan.awards.filter(department__path__startswith=department.path)
        .select_related("employee", "department")
        .order_by("employee__employee_number")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PAYROLL_COLUMNS)
    for award in awards:
        employee = award.employee
        texts = [employee.employee_number, employee.last_name, employee.first_name, award.department.code]
        # Payroll opens the file in a spreadsheet: a name like "=HYPERLINK(...)" must stay text.
        writer.writerow(
            [neutralise(text) for text in texts]
            + [award.salary_before, award.atb_amount, award.merit_amount, award.lump_sum, award.new_salary]
        )
    record_download(
        AuditAction.EXPORTED,
        by=by,
        summary=_("Payroll FY%(year)s, %(department)s")
        % {"year": plan.cycle.fiscal_year, "department": department.name},
        details={"cycle": plan.cycle_id, "department": department.pk, "format": "csv", "rows": len(awards)},
    )
    return out.getvalue()


def save_pay_plan(*, form: ModelForm, rules: BaseInlineFormSet, by) -> PayPlan:
    """Change a plan's settings and merit rules (a PayPlanForm and a MeritRuleFormSet the view has validated).
    The awards stay as computed until HR computes them again."""
    return save_with_rows(form=form, rows=rules, by=by)


@transaction.atomic
def create_pay_plan(*, cycle, by) -> PayPlan:
    """A plan for the cycle with one merit rule per band, lowest first, all at zero for HR to fill in."""
    require_hr(by)
    if PayPlan.objects.filter(cycle=cycle).exists():
        raise ValidationError(_("This cycle already has a pay plan."))
    plan = PayPlan.objects.create(cycle=cycle)
    MeritRule.objects.bulk_create(MeritRule(plan=plan, band=band.name) for band in cycle.ordered_bands())
    return plan
