"""Who certifies which award: a department head the awards of their staff, never their own; an elected official
the heads' awards. And the separation of duties: whoever records a paper certification does not approve the
payroll of that plan."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from evaluations.models import Award, Certification, Evaluation, EvaluationStatus, MeritRule, PayPlan, SignerRole
from evaluations.services.certification import certify_department, covers, uncovered_awards
from evaluations.services.pay import approval_refusal, approve_pay_plan, compute_pay_plan, payroll_csv
from org.roles import Role
from tests.evaluations.builders import make_cycle, open_for, record_official
from tests.factories import make_user

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def plan(org):
    cycle = open_for(org, cycle=make_cycle())
    Evaluation.objects.filter(cycle=cycle).update(status=EvaluationStatus.FINALISED, score=D("3.90"), band="Exceeds")
    plan = PayPlan.objects.create(cycle=cycle, atb_percent=D("2"))
    MeritRule.objects.create(plan=plan, band="Exceeds", steps=1)
    compute_pay_plan(plan=plan, by=org.hr_user)
    return plan


def award_of(employee) -> Award:
    return Award.objects.select_related("plan", "department").get(employee=employee)


def test_the_heads_awards_are_marked_for_an_elected_official_and_the_staffs_for_their_head(org, plan):
    assert award_of(org.pw_head).certified_by == SignerRole.ELECTED_OFFICIAL
    assert award_of(org.health_head).certified_by == SignerRole.ELECTED_OFFICIAL
    assert award_of(org.water_worker).certified_by == SignerRole.DEPARTMENT_HEAD


def test_a_heads_certification_covers_their_staff_but_never_their_own_award(org, plan):
    signed = certify_department(cycle=plan.cycle, department=org.public_works, by=org.head_user)
    assert covers(signed, award_of(org.water_worker))
    assert not covers(signed, award_of(org.pw_head))
    assert [award.employee for award in uncovered_awards(plan=plan, department=org.public_works)] == [org.pw_head]


def test_even_an_award_marked_for_the_head_is_never_covered_by_that_heads_own_signature(org, plan):
    paula = award_of(org.pw_head)
    paula.certified_by = SignerRole.DEPARTMENT_HEAD  # as if Paula no longer headed a department when computed
    signed = certify_department(cycle=plan.cycle, department=org.public_works, by=org.head_user)
    assert not covers(signed, paula)


def test_an_elected_official_covers_the_heads_award_and_not_the_staffs(org, plan):
    official = record_official(org, plan.cycle, org.public_works)
    assert covers(official, award_of(org.pw_head))
    assert not covers(official, award_of(org.water_worker))
    assert not covers(official, award_of(org.health_head))  # another department


def test_a_withdrawn_certification_covers_nothing(org, plan):
    official = record_official(org, plan.cycle, org.public_works)
    Certification.objects.filter(pk=official.pk).update(withdrawn_at=official.signed_at)
    official.refresh_from_db()
    assert not covers(official, award_of(org.pw_head))


def test_payroll_is_released_once_the_head_and_the_elected_official_have_both_signed(org, plan):
    certify_department(cycle=plan.cycle, department=org.public_works, by=org.head_user)
    record_official(org, plan.cycle, org.public_works, by=org.admin_user)
    approve_pay_plan(plan=plan, by=org.hr_user)
    lines = payroll_csv(plan=plan, department=org.public_works, by=org.hr_user).splitlines()
    assert len(lines) == 3  # Paula and Walter


def test_whoever_records_a_paper_certification_cannot_approve_that_plans_payroll(org, plan):
    record_official(org, plan.cycle, org.public_works, by=org.hr_user)
    with pytest.raises(PermissionDenied, match="You recorded the paper certification of Public Works"):
        approve_pay_plan(plan=plan, by=org.hr_user)
    plan.refresh_from_db()
    assert plan.approved_at is None


def test_a_second_member_of_hr_or_a_program_admin_approves_it(org, plan):
    record_official(org, plan.cycle, org.public_works, by=org.hr_user)
    second = make_user("hr2", Role.HR)
    assert approval_refusal(plan=plan, by=second) == ""
    approve_pay_plan(plan=plan, by=second)
    plan.refresh_from_db()
    assert plan.approved_by == second
    assert plan.history.latest().history_user == second
    assert approval_refusal(plan=plan, by=org.admin_user) == ""


def test_a_head_signing_online_does_not_stop_hr_from_approving(org, plan):
    certify_department(cycle=plan.cycle, department=org.public_works, by=org.head_user)
    approve_pay_plan(plan=plan, by=org.hr_user)


def test_whoever_approved_the_plan_cannot_then_record_a_paper_certification_for_it(org, plan):
    approve_pay_plan(plan=plan, by=org.hr_user)
    with pytest.raises(PermissionDenied, match="another member of HR staff or a program admin must record"):
        record_official(org, plan.cycle, org.public_works, by=org.hr_user)
    record_official(org, plan.cycle, org.public_works, by=org.admin_user)
