"""Certification: only when every evaluation of the department is finalised; withdrawn on reopening."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations.models import Certification, Evaluation, EvaluationStatus, SignerRole
from evaluations.services import workflow
from evaluations.services.certification import certify_department, is_certified
from serviceculture.dates import local_today
from tests.evaluations.builders import PDF_BYTES, open_for, ratings, record_official, signed_statement

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


def test_hr_records_a_paper_signature_only_with_the_signers_name_date_and_document(org, cycle):
    settle(org, org.pw_head, org.water_worker)
    with pytest.raises(ValidationError) as refused:
        certify_department(cycle=cycle, department=org.public_works, by=org.hr_user)
    assert set(refused.value.message_dict) == {"signer_name", "signed_on", "document"}
    recorded = certify_department(
        cycle=cycle,
        department=org.public_works,
        by=org.hr_user,
        signer_name="Paula Head",
        signed_on=date(2026, 9, 1),
        document=signed_statement(),
    )
    assert (recorded.signer, recorded.signer_name, recorded.on_paper) == (org.hr_user, "Paula Head", True)
    assert recorded.document.read().startswith(b"%PDF-")
    assert is_certified(cycle=cycle, department=org.water)


def test_an_elected_official_is_recorded_with_name_office_date_and_the_signed_document(org, cycle):
    settle(org, org.pw_head, org.water_worker)
    with pytest.raises(ValidationError) as refused:
        certify_department(
            cycle=cycle,
            department=org.public_works,
            by=org.hr_user,
            signer_role=SignerRole.ELECTED_OFFICIAL,
            signer_name="Commissioner Dana Ruiz",
            signed_on=date(2026, 9, 1),
            document=signed_statement(),
        )
    assert set(refused.value.message_dict) == {"signer_office"}
    official = record_official(org, cycle, org.public_works)
    assert (official.signer_name, official.signer_office, official.signed_on) == (
        "Commissioner Dana Ruiz",
        "County Commissioner, District 3",
        date(2026, 9, 1),
    )
    assert official.document.name.startswith(f"certifications/{cycle.pk}/") and official.document.name.endswith(".pdf")
    assert "signed-statement" not in official.document.name  # the uploader's file name never becomes a path
    assert not is_certified(cycle=cycle, department=org.public_works)  # the staff's awards wait for the head


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("statement.docx", b"PK\x03\x04 a word file", "PDF, PNG or JPEG"),
        ("statement.pdf", b"<html><script>alert(1)</script>", "not the PDF, PNG or JPEG its name says"),
        ("statement.png", PDF_BYTES, "not the PDF, PNG or JPEG its name says"),
        ("statement.pdf", b"", "empty"),
        ("statement.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "at most 5 MB"),
    ],
)
def test_a_signed_document_must_be_a_pdf_or_image_of_at_most_5_mb(org, cycle, name, content, message):
    settle(org, org.pw_head, org.water_worker)
    with pytest.raises(ValidationError, match=message):
        certify_department(
            cycle=cycle,
            department=org.public_works,
            by=org.hr_user,
            signer_name="Paula Head",
            signed_on=date(2026, 9, 1),
            document=signed_statement(name, content),
        )
    assert not Certification.objects.exists()


def test_a_jpeg_scan_is_accepted(org, cycle):
    settle(org, org.pw_head, org.water_worker)
    recorded = certify_department(
        cycle=cycle,
        department=org.public_works,
        by=org.hr_user,
        signer_name="Paula Head",
        signed_on=date(2026, 9, 1),
        document=signed_statement("Scan 12.JPG", b"\xff\xd8\xff\xe0 jpeg data"),
    )
    assert recorded.document.name.endswith(".jpg")


def test_a_paper_statement_cannot_be_dated_in_the_future(org, cycle):
    settle(org, org.pw_head, org.water_worker)
    with pytest.raises(ValidationError, match="date still to come"):
        certify_department(
            cycle=cycle,
            department=org.public_works,
            by=org.hr_user,
            signer_name="Paula Head",
            signed_on=local_today() + timedelta(days=1),
            document=signed_statement(),
        )


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
