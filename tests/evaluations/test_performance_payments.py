"""Lump-sum performance payments (the county's second-year plan) against hand-computed figures: by band or by
band x compa-ratio zone, as a percentage of salary or a flat amount, within the cap, shown against the pool."""

from decimal import Decimal

import pytest

from evaluations.models import Award, Evaluation, EvaluationStatus, LumpSumBasis, LumpSumKind, MeritRule, PayPlan
from evaluations.services.pay import compute_pay_plan, spend_by_department, spend_total
from tests.evaluations.builders import make_cycle, open_for
from tests.evaluations.test_pay import award, plan_with

D = Decimal


def lump_plan(kind=LumpSumKind.BAND, basis=LumpSumBasis.PERCENT, **fields) -> PayPlan:
    """A second-year plan: no across-the-board increase, no merit, only the performance payment."""
    return plan_with(atb_percent=D("0"), lump_sum_kind=kind, lump_sum_basis=basis, **fields)


def band_rule(value: str, steps: int = 0) -> MeritRule:
    return MeritRule(band="Exceeds", steps=steps, lump_sum=D(value))


MATRIX = MeritRule(band="Outstanding", lump_sum_below_zone=D("6"), lump_sum_in_zone=D("4"), lump_sum_above_zone=D("2"))
FLAT_MATRIX = MeritRule(
    band="Outstanding",
    lump_sum_below_zone=D("2000"),
    lump_sum_in_zone=D("1500"),
    lump_sum_above_zone=D("1000"),
)


@pytest.mark.parametrize(
    "value, salary, expected",
    [
        ("3", "50000", "1500.00"),  # 3 % of 50,000.00 = 1,500.00
        ("5", "41234.57", "2061.73"),  # 5 % of 41,234.57 = 2,061.7285 -> 2,061.73
        ("0.5", "40001.00", "200.01"),  # 0.5 % of 40,001.00 = 200.005 -> 200.01 (half-even would say 200.00)
        ("0", "50000", "0.00"),  # a band without a payment
    ],
)
def test_a_percentage_of_salary_by_band(value, salary, expected):
    result = award(lump_plan(), band_rule(value), salary)
    assert result.performance_payment == D(expected)
    assert result.new_salary == D(salary)  # a lump sum never raises base pay


@pytest.mark.parametrize("salary", ["30000", "50000", "59000"])
def test_a_flat_amount_by_band_is_the_same_whatever_the_salary(salary):
    result = award(lump_plan(basis=LumpSumBasis.FLAT), band_rule("1200"), salary)
    assert (result.performance_payment, result.new_salary) == (D("1200.00"), D(salary))


# Matrix: midpoint 50,000, zones below 0.9 / 0.9-1.1 inclusive / above 1.1, maximum 70,000.
@pytest.mark.parametrize(
    "salary, percent_payment, flat_payment",
    [
        ("40000", "2400.00", "2000.00"),  # 0.8: 6 % of 40,000 = 2,400.00; flat 2,000
        ("44999.99", "2700.00", "2000.00"),  # 0.8999998 is below 0.9: 6 % = 2,699.9994 -> 2,700.00
        ("45000", "1800.00", "1500.00"),  # exactly 0.9 is in the zone: 4 % = 1,800.00
        ("55000", "2200.00", "1500.00"),  # exactly 1.1 is in the zone: 4 % = 2,200.00
        ("60000", "1200.00", "1000.00"),  # 1.2: 2 % of 60,000 = 1,200.00; flat 1,000
    ],
)
def test_the_matrix_of_band_and_compa_ratio_zone(salary, percent_payment, flat_payment):
    percent = award(lump_plan(LumpSumKind.MATRIX), MATRIX, salary, maximum="70000")
    flat = award(lump_plan(LumpSumKind.MATRIX, LumpSumBasis.FLAT), FLAT_MATRIX, salary, maximum="70000")
    assert (percent.performance_payment, flat.performance_payment) == (D(percent_payment), D(flat_payment))


def test_without_a_pay_range_the_matrix_uses_the_middle_zone():
    result = award(lump_plan(LumpSumKind.MATRIX), MATRIX, "80000", midpoint=None, maximum=None)
    assert result.performance_payment == D("3200.00")  # 4 % of 80,000


def test_a_plan_without_performance_payments_or_a_band_without_a_rule_pays_none():
    assert award(plan_with(), band_rule("3"), "50000").performance_payment == D("0.00")  # kind "none"
    assert award(lump_plan(), None, "50000").performance_payment == D("0.00")


def test_the_payment_comes_beside_merit_and_across_the_board():
    # ATB 2 % = 1,000.00; 2 steps of 2.5 % = 2,500.00; performance 3 % = 1,500.00; base 50,000 -> 53,500
    plan = plan_with(lump_sum_kind=LumpSumKind.BAND)
    result = award(plan, band_rule("3", steps=2), "50000")
    assert (result.atb_amount, result.merit_amount, result.performance_payment, result.new_salary) == (
        D("1000.00"),
        D("2500.00"),
        D("1500.00"),
        D("53500.00"),
    )
    assert not result.capped


def test_the_cap_trims_the_performance_payment_first():
    # 1,000 ATB + 2,500 merit + 2,500 (5 %) performance = 6,000; cap 10 % = 5,000; the 1,000 over comes off
    # the performance payment: 1,500
    plan = plan_with(lump_sum_kind=LumpSumKind.BAND, cap_percent=D("10"))
    result = award(plan, band_rule("5", steps=2), "50000", maximum="80000")
    assert (result.atb_amount, result.merit_amount, result.performance_payment) == (
        D("1000.00"),
        D("2500.00"),
        D("1500.00"),
    )
    assert result.capped


def test_past_the_performance_payment_the_cap_trims_merit_then_across_the_board():
    # 1,000 ATB + 5,000 merit (4 steps) + 1,500 performance = 7,500; cap 5,000; 2,500 over:
    # performance 1,500 -> 0, then merit 5,000 -> 4,000
    plan = plan_with(lump_sum_kind=LumpSumKind.BAND, cap_percent=D("10"))
    result = award(plan, band_rule("3", steps=4), "50000", maximum="80000")
    assert (result.atb_amount, result.merit_amount, result.performance_payment, result.new_salary) == (
        D("1000.00"),
        D("4000.00"),
        D("0.00"),
        D("55000.00"),
    )


def test_the_cap_applies_to_a_flat_amount_too():
    # flat 3,000 on a salary of 20,000 with a 10 % cap: at most 2,000.00
    plan = lump_plan(basis=LumpSumBasis.FLAT, cap_percent=D("10"))
    result = award(plan, band_rule("3000"), "20000", midpoint="25000", maximum="30000")
    assert (result.performance_payment, result.capped) == (D("2000.00"), True)


def test_at_the_range_maximum_the_performance_payment_is_paid_in_full_beside_the_other_lump_sum():
    # 60,000 at a 60,000 maximum: ATB 2 % = 1,200.00 becomes a lump sum; performance 3 % = 1,800.00 as well
    plan = plan_with(lump_sum_kind=LumpSumKind.BAND)
    result = award(plan, band_rule("3"), "60000")
    assert (result.lump_sum, result.performance_payment, result.new_salary) == (
        D("1200.00"),
        D("1800.00"),
        D("60000.00"),
    )


@pytest.mark.django_db
def test_the_plan_shows_performance_payments_against_the_pool(org):
    cycle = open_for(org, cycle=make_cycle())
    Evaluation.objects.filter(cycle=cycle).update(status=EvaluationStatus.FINALISED, score=D("3.90"), band="Exceeds")
    plan = PayPlan.objects.create(
        cycle=cycle,
        atb_percent=D("0"),
        step_percent=D("0"),
        lump_sum_kind=LumpSumKind.BAND,
        lump_sum_basis=LumpSumBasis.FLAT,
        budget_pool=D("5000"),
    )
    MeritRule.objects.create(plan=plan, band="Exceeds", lump_sum=D("1000"))
    assert compute_pay_plan(plan=plan, by=org.hr_user) == 6
    assert set(Award.objects.values_list("performance_payment", flat=True)) == {D("1000.00")}
    rows = spend_by_department(plan)
    water = next(row for row in rows if row["department__name"] == "Water")
    assert (water["performance"], water["total"]) == (D("1000.00"), D("1000.00"))
    total = spend_total(rows, plan)
    # six people x 1,000.00 = 6,000.00 against a pool of 5,000.00: over by 1,000.00
    assert (total["performance"], total["total"], total["over"], total["difference"]) == (
        D("6000.00"),
        D("6000.00"),
        True,
        D("1000.00"),
    )
    assert Award.objects.get(employee=org.water_worker).history.latest().history_user == org.hr_user
