"""Certification: only when every evaluation of the department is finalised; withdrawn on reopening."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations.models import Certification, Evaluation, EvaluationStatus, SignerRole
from evaluations.services import workflow
from evaluations.services.certification import certify_department, is_certified
from tests.evaluations.builders import open_for, ratings

pytestmark = pytest.mark.django_db


def settle(org, *employees):
    for employee in employees:
        evaluation = Evaluation.objects.get(employee=employee)
        workflow.save_ratings(
            evaluation=evaluation, by=org.hr_user, ratings=ratings(evaluation, 4, 4, 4, 4), submit=True
        )
        evaluation.status = EvaluationStatus.REVIEWED  # the head's review is tested in test_workflow
        evaluation.save()
        workflow.finalise_evaluation(evaluation=evaluation, by=org.hr_user)


@pytest.fixture
def cycle(org):
    return open_for(org)


def test_certifying_needs_every_evaluation_of_the_department_and_its_divisions_finalised(org, cycle):
    settle(org, org.pw_head)
    with pytest.raises(ValidationError, match="1 of 2 evaluations are not finalised yet"):
        certify_department(cycle=cycle, department=org.public_works, by=org.head_user)
    settle(org, org.water_worker)
    certification = certify_department(cycle=cycle, department=org.public_works, by=org.head_user)
    assert certification.signer == org.head_user
    assert certification.signer_role == SignerRole.DEPARTMENT_HEAD
    assert "Public Works" in certification.statement and "at least 30 %" in certification.statement
    assert is_certified(cycle=cycle, department=org.water)  # the division is covered
    assert not is_certified(cycle=cycle, department=org.health)


def test_only_the_head_of_the_department_signs_online(org, cycle):
    settle(org, org.pw_head, org.water_worker)
    for user in (org.other_head_user, org.employee_user, org.trainer_user):
        with pytest.raises(PermissionDenied):
            certify_department(cycle=cycle, department=org.public_works, by=user)
    with pytest.raises(PermissionDenied):
        certify_department(
            cycle=cycle, department=org.public_works, by=org.head_user, signer_role=SignerRole.ELECTED_OFFICIAL
        )


def test_hr_records_a_paper_signature_only_with_the_signers_name(org, cycle):
    settle(org, org.pw_head, org.water_worker)
    with pytest.raises(ValidationError, match="name of the person who signed"):
        certify_department(cycle=cycle, department=org.public_works, by=org.hr_user)
    recorded = certify_department(cycle=cycle, department=org.public_works, by=org.hr_user, signer_name="Paula Head")
    assert (recorded.signer, recorded.signer_name) == (org.hr_user, "Paula Head")
    assert is_certified(cycle=cycle, department=org.water)


def test_hr_records_an_elected_officials_signature_by_name(org, cycle):
    settle(org, org.pw_head, org.water_worker)
    with pytest.raises(ValidationError, match="name of the person who signed"):
        certify_department(
            cycle=cycle, department=org.public_works, by=org.hr_user, signer_role=SignerRole.ELECTED_OFFICIAL
        )
    official = certify_department(
        cycle=cycle,
        department=org.public_works,
        by=org.hr_user,
        signer_role=SignerRole.ELECTED_OFFICIAL,
        signer_name="Commissioner Dana Ruiz",
    )
    assert official.signer_name == "Commissioner Dana Ruiz"
    assert not is_certified(cycle=cycle, department=org.public_works)  # the head's signature is what releases pay


def test_a_department_is_certified_once(org, cycle):
    settle(org, org.pw_head, org.water_worker)
    certify_department(cycle=cycle, department=org.public_works, by=org.head_user)
    with pytest.raises(ValidationError, match="already certified"):
        certify_department(cycle=cycle, department=org.public_works, by=org.head_user)


def test_reopening_an_evaluation_withdraws_the_certification_with_a_history_entry(org, cycle):
    settle(org, org.pw_head, org.water_worker)
    certification = certify_department(cycle=cycle, department=org.public_works, by=org.head_user)
    evaluation = Evaluation.objects.get(employee=org.water_worker)
    workflow.reopen_evaluation(evaluation=evaluation, by=org.hr_user, reason="Wrong criterion rated")
    certification.refresh_from_db()
    assert certification.withdrawn_at is not None
    assert (
        "Walter Worker" in certification.withdrawal_reason
        and "Wrong criterion rated" in certification.withdrawal_reason
    )
    assert certification.history.count() == 2
    assert certification.history.latest().history_user == org.hr_user
    assert not is_certified(cycle=cycle, department=org.water)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.RATED


def test_reopening_elsewhere_leaves_other_certifications_alone(org, cycle):
    settle(org, org.pw_head, org.water_worker, org.health_head, org.clinic_worker)
    certify_department(cycle=cycle, department=org.public_works, by=org.head_user)
    workflow.reopen_evaluation(
        evaluation=Evaluation.objects.get(employee=org.clinic_worker), by=org.hr_user, reason="Late complaint"
    )
    assert Certification.objects.active().count() == 1
