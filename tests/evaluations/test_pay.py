"""Pay computations against hand-computed tables, and the payroll export's preconditions."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import Award, Evaluation, EvaluationStatus, MeritKind, MeritRule, PayPlan
from evaluations.services.certification import certify_department
from evaluations.services.pay import approve_pay_plan, compute_award, compute_pay_plan, payroll_csv, spend_by_department
from tests.evaluations.builders import make_cycle, open_for, record_official

D = Decimal


def plan_with(**fields) -> PayPlan:
    """An unsaved plan (compute_award is pure) with the given settings."""
    defaults = {"atb_percent": D("2"), "merit_kind": MeritKind.STEPS, "step_percent": D("2.5")}
    defaults.update(fields)
    return PayPlan(**defaults)


def award(plan, rule, salary, midpoint="50000", maximum="60000", score="3.00"):
    return compute_award(
        plan=plan,
        rule=rule,
        salary=D(salary),
        midpoint=D(midpoint) if midpoint else None,
        maximum=D(maximum) if maximum else None,
        score=D(score),
    )


def figures(result):
    return (result.atb_amount, result.merit_amount, result.lump_sum, result.new_salary)


# ATB 2 %, steps of 2.5 %; salary 50,000 in a 40,000-60,000 range.
@pytest.mark.parametrize(
    "steps, salary, expected",
    [
        # 2 % = 1,000.00; 2 steps = 5 % = 2,500.00; new 53,500.00
        (2, "50000", ("1000.00", "2500.00", "0.00", "53500.00")),
        # 1 step: 2.5 % = 1,250.00
        (1, "50000", ("1000.00", "1250.00", "0.00", "52250.00")),
        # no steps (below Meets): ATB only
        (0, "50000", ("1000.00", "0.00", "0.00", "51000.00")),
        # 41,234.57: ATB 824.6914 -> 824.69; 2 steps 2,061.7285 -> total 2,886.4199 -> 2,886.42, merit 2,061.73
        (2, "41234.57", ("824.69", "2061.73", "0.00", "44120.99")),
    ],
)
def test_merit_steps_by_band(steps, salary, expected):
    result = award(plan_with(), MeritRule(band="Exceeds", steps=steps), salary)
    assert figures(result) == tuple(D(value) for value in expected)


MATRIX = MeritRule(band="Outstanding", below_zone_percent=D("7"), in_zone_percent=D("5"), above_zone_percent=D("3.5"))


# Matrix: ATB 0 %; Outstanding 7 % below 0.9, 5 % at 0.9-1.1, 3.5 % above 1.1; midpoint 50,000, max 70,000.
@pytest.mark.parametrize(
    "salary, compa, percent, merit",
    [
        ("40000", "0.800", "7", "2800.00"),
        ("44999.99", "0.900", "7", "3150.00"),  # 0.8999998 is below 0.9: 3,149.9993 -> 3,150.00
        ("45000", "0.900", "5", "2250.00"),  # exactly 0.9 is in the zone
        ("55000", "1.100", "5", "2750.00"),  # exactly 1.1 is in the zone
        ("55000.01", "1.100", "3.5", "1925.00"),  # just above 1.1: 1,925.00035 -> 1,925.00
        ("60000", "1.200", "3.5", "2100.00"),
    ],
)
def test_merit_matrix_by_compa_ratio_zone(salary, compa, percent, merit):
    plan = plan_with(atb_percent=D("0"), merit_kind=MeritKind.MATRIX)
    result = award(plan, MATRIX, salary, maximum="70000")
    assert (result.compa_ratio, result.merit_percent, result.merit_amount) == (D(compa), D(percent), D(merit))
    assert result.new_salary == D(salary) + D(merit)


def test_at_the_range_maximum_the_whole_increase_is_a_lump_sum_and_base_pay_stays():
    # 60,000 at a 60,000 maximum: 2 % + 5 % = 4,200.00 paid once, salary unchanged
    result = award(plan_with(), MeritRule(band="Exceeds", steps=2), "60000")
    assert figures(result) == (D("0.00"), D("0.00"), D("4200.00"), D("60000.00"))


def test_above_the_range_maximum_too():
    result = award(plan_with(), MeritRule(band="Exceeds", steps=2), "61000")
    assert figures(result) == (D("0.00"), D("0.00"), D("4270.00"), D("61000.00"))


def test_near_the_maximum_base_pay_rises_to_the_maximum_and_the_rest_is_a_lump_sum():
    # 59,000: 2 % = 1,180, 5 % = 2,950, together 4,130; room to 60,000 is 1,000:
    # merit is trimmed first (2,950 - 3,130 < 0 -> 0), then ATB 1,180 -> 1,000; lump sum 3,130
    result = award(plan_with(), MeritRule(band="Exceeds", steps=2), "59000")
    assert figures(result) == (D("1000.00"), D("0.00"), D("3130.00"), D("60000.00"))


def test_the_cap_limits_the_increase_merit_first():
    # 50,000 with 2 % ATB and 4 steps (10 %) = 12 %, capped at 10 % = 5,000: merit 4,000, ATB 1,000
    result = award(plan_with(cap_percent=D("10")), MeritRule(band="Outstanding", steps=4), "50000", maximum="80000")
    assert figures(result) == (D("1000.00"), D("4000.00"), D("0.00"), D("55000.00"))
    assert result.capped


def test_the_cap_applies_to_lump_sums_too():
    result = award(plan_with(cap_percent=D("5")), MeritRule(band="Outstanding", steps=4), "60000")
    assert figures(result) == (D("0.00"), D("0.00"), D("3000.00"), D("60000.00"))


def test_atb_is_withheld_below_the_minimum_score():
    plan = plan_with(atb_minimum_score=D("2.50"))
    assert award(plan, None, "50000", score="2.49").atb_amount == D("0.00")
    assert award(plan, None, "50000", score="2.50").atb_amount == D("1000.00")


def test_rounding_is_half_up_at_the_last_step():
    # 1.5 % of 33,333.00 = 499.995 -> 500.00 (half-even would also say 500.00);
    # 0.5 % of 40,001.00 = 200.005 -> 200.01 (half-even would say 200.00)
    assert award(plan_with(atb_percent=D("1.5")), None, "33333.00", maximum=None).atb_amount == D("500.00")
    assert award(plan_with(atb_percent=D("0.5")), None, "40001.00", maximum=None).atb_amount == D("200.01")


def test_without_a_pay_range_there_is_no_lump_sum_and_the_matrix_uses_the_middle_zone():
    plan = plan_with(atb_percent=D("0"), merit_kind=MeritKind.MATRIX)
    result = award(plan, MATRIX, "50000", midpoint=None, maximum=None)
    assert (result.compa_ratio, result.merit_amount, result.lump_sum) == (None, D("2500.00"), D("0.00"))


@pytest.mark.django_db
class TestPlanOnTheCounty:
    @pytest.fixture
    def plan(self, org):
        cycle = open_for(org, cycle=make_cycle())
        Evaluation.objects.filter(cycle=cycle).update(
            status=EvaluationStatus.FINALISED, score=D("3.90"), band="Exceeds"
        )
        Evaluation.objects.filter(employee=org.clinic_worker).update(status=EvaluationStatus.REVIEWED)
        plan = PayPlan.objects.create(cycle=cycle, atb_percent=D("2"), step_percent=D("2.5"), budget_pool=D("10000"))
        MeritRule.objects.create(plan=plan, band="Exceeds", steps=2)
        return plan

    def test_awards_for_settled_evaluations_with_spend_per_department(self, org, plan):
        assert compute_pay_plan(plan=plan, by=org.hr_user) == 5  # the clinic worker is not finalised yet
        walter = Award.objects.get(employee=org.water_worker)
        assert figures(walter) == (D("1000.00"), D("2500.00"), D("0.00"), D("53500.00"))
        assert walter.history.latest().history_user == org.hr_user
        rows = {row["department__name"]: row for row in spend_by_department(plan)}
        assert rows["Water"]["total"] == D("3500.00") and rows["Water"]["people"] == 1
        assert sum(row["total"] for row in rows.values()) == D("17500.00")  # 5 x 3,500: over the 10,000 pool

    def test_payroll_export_is_blocked_before_certification_and_approval(self, org, plan):
        compute_pay_plan(plan=plan, by=org.hr_user)
        with pytest.raises(ValidationError, match="not certified"):
            payroll_csv(plan=plan, department=org.public_works, by=org.hr_user)
        certify_department(cycle=plan.cycle, department=org.public_works, by=org.head_user)
        # the head's signature covers Walter, never Paula's own award: that waits for an elected official
        with pytest.raises(ValidationError, match=r"Waiting for: Elected official \(Paula Head\)"):
            payroll_csv(plan=plan, department=org.public_works, by=org.hr_user)
        record_official(org, plan.cycle, org.public_works, by=org.admin_user)
        with pytest.raises(ValidationError, match="not approved"):
            payroll_csv(plan=plan, department=org.public_works, by=org.hr_user)
        approve_pay_plan(plan=plan, by=org.hr_user)
        lines = payroll_csv(plan=plan, department=org.public_works, by=org.hr_user).splitlines()
        assert lines[0].startswith("employee_number,last_name")
        assert len(lines) == 3  # Paula (Public Works) and Walter (Water)
        assert any(line.endswith("1000.00,2500.00,0.00,53500.00,0.00") for line in lines)
        with pytest.raises(ValidationError, match="not certified"):
            payroll_csv(plan=plan, department=org.health, by=org.hr_user)

    def test_an_approved_plan_is_not_computed_again(self, org, plan):
        compute_pay_plan(plan=plan, by=org.hr_user)
        approve_pay_plan(plan=plan, by=org.hr_user)
        with pytest.raises(ValidationError, match="approved for payroll"):
            compute_pay_plan(plan=plan, by=org.hr_user)
        plan.refresh_from_db()
        assert plan.approved_at is not None

    def test_payroll_cells_never_run_as_spreadsheet_formulas(self, org, plan):
        org.water_worker.last_name, org.water_worker.first_name = '=HYPERLINK("http://x")', "+1"
        org.water_worker.save()
        org.public_works.code = "@PW"
        org.public_works.save()
        compute_pay_plan(plan=plan, by=org.hr_user)
        certify_department(cycle=plan.cycle, department=org.public_works, by=org.head_user)
        record_official(org, plan.cycle, org.public_works, by=org.admin_user)
        approve_pay_plan(plan=plan, by=org.hr_user)
        rows = list(csv.reader(io.StringIO(payroll_csv(plan=plan, department=org.public_works, by=org.hr_user))))
        walter = next(row for row in rows if row[2] == "'+1")
        assert walter[1] == '\'=HYPERLINK("http://x")'
        assert any(row[3] == "'@PW" for row in rows)
        assert walter[4:] == ["50000.00", "1000.00", "2500.00", "0.00", "53500.00", "0.00"]  # amounts stay numbers
