"""Pay plans: a cycle's settled evaluations become across-the-board, merit and lump-sum awards.

For each employee with a finalised evaluation, on salary S:
1. ATB % = the plan's percentage (0 below the plan's minimum score, when it has one).
2. Merit % = steps for the band x step size, or the matrix cell of the band and the compa-ratio zone
   (S / range midpoint: below the lower bound, within the bounds inclusive, above the upper bound;
   without a midpoint, the middle zone).
3. The lump-sum performance payment P (a second-year plan may pay only this) is the band's value, or the
   cell of the band and the same compa-ratio zone; the value is a percentage of S or a flat amount, as the
   plan says. No rule for the band, or a plan without performance payments: P = 0.
4. The cap limits ATB + merit + P to cap % of S: P is trimmed first, then merit, then ATB.
5. Base pay never passes the range maximum: whatever would take it past is paid as a lump sum instead
   (all of it for someone already at or above the maximum). Lump sums never raise base pay, and P is
   paid whatever the range.
6. Amounts are computed exactly and rounded half-up to cents at the end; merit takes the rounding cent,
   so ATB + merit always equals the rounded base increase.
7. The budget pool is not a limit: the plan shows ATB + merit + lump sums + P against it, per department.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.forms import BaseInlineFormSet, ModelForm
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.audit import record_download
from accounts.models import AuditAction
from evaluations.models import (
    Award,
    Certification,
    Evaluation,
    LumpSumBasis,
    LumpSumKind,
    MeritKind,
    MeritRule,
    PayPlan,
    SignerRole,
    half_up,
)
from evaluations.services.certification import missing_signatures, uncovered_awards
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
    performance_payment: Decimal
    new_salary: Decimal
    capped: bool


class Zone:
    BELOW, IN, ABOVE = "below", "in", "above"


def zone_of(*, plan: PayPlan, compa_ratio: Decimal | None) -> str:
    """Below the lower bound, within the bounds (inclusive, and without a midpoint), or above the upper."""
    if compa_ratio is not None and compa_ratio < plan.zone_low:
        return Zone.BELOW
    if compa_ratio is not None and compa_ratio > plan.zone_high:
        return Zone.ABOVE
    return Zone.IN


def merit_percent(*, plan: PayPlan, rule: MeritRule | None, compa_ratio: Decimal | None) -> Decimal:
    if rule is None:
        return ZERO
    if plan.merit_kind == MeritKind.STEPS:
        return rule.steps * plan.step_percent
    cells = {Zone.BELOW: rule.below_zone_percent, Zone.IN: rule.in_zone_percent, Zone.ABOVE: rule.above_zone_percent}
    return cells[zone_of(plan=plan, compa_ratio=compa_ratio)]


def performance_payment(
    *, plan: PayPlan, rule: MeritRule | None, salary: Decimal, compa_ratio: Decimal | None
) -> Decimal:
    """The lump-sum performance payment before the cap, exact (rules 3 and 4 of the module)."""
    if rule is None or plan.lump_sum_kind == LumpSumKind.NONE:
        return ZERO
    if plan.lump_sum_kind == LumpSumKind.BAND:
        value = rule.lump_sum
    else:
        cells = {
            Zone.BELOW: rule.lump_sum_below_zone,
            Zone.IN: rule.lump_sum_in_zone,
            Zone.ABOVE: rule.lump_sum_above_zone,
        }
        value = cells[zone_of(plan=plan, compa_ratio=compa_ratio)]
    return salary * value / HUNDRED if plan.lump_sum_basis == LumpSumBasis.PERCENT else value


def compute_award(
    *,
    plan: PayPlan,
    rule: MeritRule | None,
    salary: Decimal,
    midpoint: Decimal | None,
    maximum: Decimal | None,
    score: Decimal,
) -> AwardFigures:
    """The award of one person, by the rules of the module (a pure function: the hand-computed tests check
    it cell by cell)."""
    compa_ratio = salary / midpoint if midpoint else None
    gets_atb = plan.atb_minimum_score is None or score >= plan.atb_minimum_score
    atb_pct = plan.atb_percent if gets_atb else ZERO
    merit_pct = merit_percent(plan=plan, rule=rule, compa_ratio=compa_ratio)
    atb, merit = salary * atb_pct / HUNDRED, salary * merit_pct / HUNDRED
    performance = performance_payment(plan=plan, rule=rule, salary=salary, compa_ratio=compa_ratio)
    atb, merit, performance, capped = _cap(plan, salary, atb, merit, performance)
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
        performance_payment=half_up(performance),
        new_salary=salary + base_increase,
        capped=capped,
    )


def _cap(
    plan: PayPlan, salary: Decimal, atb: Decimal, merit: Decimal, performance: Decimal
) -> tuple[Decimal, Decimal, Decimal, bool]:
    """Rule 4: ATB + merit + performance payment within cap % of salary, the performance payment trimmed first."""
    if plan.cap_percent is None:
        return atb, merit, performance, False
    excess = atb + merit + performance - salary * plan.cap_percent / HUNDRED
    if excess <= 0:
        return atb, merit, performance, False
    from_performance = min(excess, performance)
    return *_trim(atb, merit, excess - from_performance), performance - from_performance, True


def _trim(atb: Decimal, merit: Decimal, excess: Decimal) -> tuple[Decimal, Decimal]:
    """Take the excess off merit first, then off ATB."""
    from_merit = min(excess, merit)
    return atb - (excess - from_merit), merit - from_merit


@transaction.atomic
def compute_pay_plan(*, plan: PayPlan, by) -> int:
    """(Re)compute every award of the plan from the cycle's settled evaluations. Returns how many.

    An approved plan is what payroll was told to pay: it is never recomputed behind the approval."""
    require_hr(by)
    plan = PayPlan.objects.select_for_update().select_related("cycle").get(pk=plan.pk)
    if plan.approved_at is not None:
        raise ValidationError(_("This plan is approved for payroll, so its awards are no longer computed again."))
    rules = {rule.band: rule for rule in plan.rules.all()}
    evaluations = list(Evaluation.objects.filter(cycle=plan.cycle).settled().select_related("employee"))
    plan.awards.exclude(evaluation__in=evaluations).delete()
    existing = {award.evaluation_id: award for award in plan.awards.all()}
    heads = set(Department.objects.filter(head__isnull=False).values_list("head_id", flat=True))
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
        award.certified_by = SignerRole.ELECTED_OFFICIAL if employee.pk in heads else SignerRole.DEPARTMENT_HEAD
        _store(award, figures, evaluation, by)
    plan.computed_at = timezone.now()
    plan._history_user = by  # type: ignore[attr-defined]
    plan.save()
    return len(evaluations)


def _store(award: Award, figures: AwardFigures, evaluation: Evaluation, by) -> None:
    award.department_id = evaluation.department_id
    award.salary_before = evaluation.employee.base_salary
    for field, value in figures.__dict__.items():
        setattr(award, field, value)
    notes = [_("Lump sum at the range maximum") if figures.lump_sum else "", _("Capped") if figures.capped else ""]
    award.note = "; ".join(note for note in notes if note)
    award._history_user = by  # type: ignore[attr-defined]  # simple-history reads who acted from here
    award.save()


def approval_refusal(*, plan: PayPlan, by) -> str:
    """Why this person may not approve the plan's payroll (empty when they may): whoever recorded one of the
    cycle's active paper certifications does not also approve the pay it releases; a second member of HR
    staff or a program admin does."""
    recorded = Certification.objects.active().filter(cycle_id=plan.cycle_id, on_paper=True, signer=by)
    departments = sorted(recorded.values_list("department__name", flat=True))
    if not departments:
        return ""
    return _(
        "You recorded the paper certification of %(departments)s for this cycle, so another member of HR staff "
        "or a program admin must approve its payroll."
    ) % {"departments": ", ".join(departments)}


@transaction.atomic
def approve_pay_plan(*, plan: PayPlan, by) -> PayPlan:
    """HR approves the computed plan for payroll; never the person who recorded a paper certification of it."""
    require_hr(by)
    plan = PayPlan.objects.select_for_update().get(pk=plan.pk)
    refusal = approval_refusal(plan=plan, by=by)
    if refusal:
        raise PermissionDenied(refusal)
    if plan.computed_at is None:
        raise ValidationError(_("Compute the awards before approving the plan."))
    plan.approved_at, plan.approved_by = timezone.now(), by
    plan._history_user = by  # type: ignore[attr-defined]  # simple-history reads who acted from here
    plan.save(update_fields=["approved_at", "approved_by"])
    return plan


def spend_by_department(plan: PayPlan) -> list[dict]:
    """Per department (of the evaluation): people, ATB, merit, lump sums at the range maximum, performance
    payments and the total. One query."""
    rows = (
        plan.awards.values("department__id", "department__name", "department__path")
        .annotate(
            people=Count("pk"),
            atb=Sum("atb_amount"),
            merit=Sum("merit_amount"),
            lump=Sum("lump_sum"),
            performance=Sum("performance_payment"),
        )
        .order_by("department__path")
    )
    return [dict(row, total=row["atb"] + row["merit"] + row["lump"] + row["performance"]) for row in rows]


def spend_total(rows: list[dict], plan: PayPlan) -> dict:
    total = sum((row["total"] for row in rows), ZERO)
    return {
        "people": sum(row["people"] for row in rows),
        "atb": sum((row["atb"] for row in rows), ZERO),
        "merit": sum((row["merit"] for row in rows), ZERO),
        "lump": sum((row["lump"] for row in rows), ZERO),
        "performance": sum((row["performance"] for row in rows), ZERO),
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
    "performance_payment",  # last: files from before lump-sum performance payments keep their column order
]


def payroll_csv(*, plan: PayPlan, department: Department, by) -> str:
    """The payroll file of one department and its divisions: only once every award there is certified (staff by
    their head, heads by an elected official) and HR has approved the plan. Each file handed out is on the audit
    trail (it holds everyone's new salary)."""
    require_hr(by)
    plan = PayPlan.objects.select_related("cycle").get(pk=plan.pk)
    uncovered = uncovered_awards(plan=plan, department=department)
    if uncovered:
        raise ValidationError(
            _(
                "%(department)s is not certified for this cycle; its pay cannot be released yet. "
                "Waiting for: %(signatures)s (%(people)s)."
            )
            % {
                "department": department.name,
                "signatures": ", ".join(missing_signatures(uncovered)),
                "people": ", ".join(award.employee.full_name for award in uncovered[:5])
                + ("…" if len(uncovered) > 5 else ""),
            }
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
            + [award.performance_payment]
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
    """Change a plan's settings and band rules (a PayPlanForm and a MeritRuleFormSet the view has validated).
    A performance payment given as a percentage of salary is at most 100 %. The awards stay as computed until
    HR computes them again."""
    if form.cleaned_data.get("lump_sum_basis") == LumpSumBasis.PERCENT:
        too_high = [
            row.cleaned_data["band"]
            for row in rules.forms
            if row.cleaned_data
            and not row.cleaned_data.get("DELETE")
            and any((row.cleaned_data.get(name) or ZERO) > HUNDRED for name in MeritRule.LUMP_SUM_FIELDS)
        ]
        if too_high:
            raise ValidationError(
                _("A performance payment as a percentage of salary is at most 100 %% (%(bands)s).")
                % {"bands": ", ".join(too_high)}
            )
    return save_with_rows(form=form, rows=rules, by=by)


@transaction.atomic
def create_pay_plan(*, cycle, by) -> PayPlan:
    """A plan for the cycle with one merit rule per band, lowest first, all at zero for HR to fill in."""
    require_hr(by)
    if PayPlan.objects.filter(cycle=cycle).exists():
        raise ValidationError(_("This cycle already has a pay plan."))
    plan = PayPlan(cycle=cycle)
    plan._history_user = by  # type: ignore[attr-defined]
    plan.save()
    bulk_create_with_history(
        [MeritRule(plan=plan, band=band.key) for band in cycle.ordered_bands()], MeritRule, default_user=by
    )
    return plan
