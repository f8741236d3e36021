"""The certification and pay plan pages for the county's rules: HR records an elected official's signed statement
with its scan, the scan is served only to those who may see it, a head is told their own award is not theirs to
certify, and the person who recorded a paper signature is shown why someone else approves the payroll."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import Certification, Evaluation, EvaluationStatus, MeritRule, PayPlan, SignerRole
from evaluations.services.certification import certify_department
from evaluations.services.pay import compute_pay_plan
from org.roles import Role
from tests.evaluations.builders import make_cycle, make_template, open_for, record_official, signed_statement
from tests.factories import make_user

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def cycle(org):
    cycle = open_for(org, cycle=make_cycle())
    Evaluation.objects.filter(cycle=cycle).update(status=EvaluationStatus.FINALISED, score=D("3.90"), band="Exceeds")
    return cycle


@pytest.fixture
def plan(org, cycle):
    plan = PayPlan.objects.create(cycle=cycle, atb_percent=D("2"), budget_pool=D("10000"))
    MeritRule.objects.create(plan=plan, band="Exceeds", steps=1)
    compute_pay_plan(plan=plan, by=org.hr_user)
    return plan


def official_form(**overrides) -> dict:
    data = {
        "signer_role": SignerRole.ELECTED_OFFICIAL,
        "signer_name": "Commissioner Dana Ruiz",
        "signer_office": "County Commissioner, District 3",
        "signed_on": "2026-09-01",
        "document": signed_statement(),
        "confirm": "on",
    }
    return data | overrides


def test_hr_records_an_elected_officials_signature_with_the_scan_and_sees_it_listed(client, org, cycle):
    client.force_login(org.hr_user)
    url = reverse("evaluations:certify", args=[cycle.pk, org.public_works.pk])
    page = client.post(url, official_form(), follow=True).content.decode()
    assert "Signed for Public Works." in page
    official = Certification.objects.get(signer_role=SignerRole.ELECTED_OFFICIAL)
    assert (official.signer, official.on_paper, official.signer_office) == (
        org.hr_user,
        True,
        "County Commissioner, District 3",
    )
    assert "Commissioner Dana Ruiz, County Commissioner, District 3" in page
    assert "signed Sept. 1, 2026" in page  # the date as the reader's language writes it
    assert reverse("evaluations:certification_document", args=[cycle.pk, official.pk]) in page


def test_the_page_says_why_a_paper_record_is_refused_and_keeps_nothing(client, org, cycle):
    client.force_login(org.hr_user)
    url = reverse("evaluations:certify", args=[cycle.pk, org.public_works.pk])
    page = client.post(url, official_form(signer_office=""), follow=True).content.decode()
    assert "Give the office the elected official holds." in page
    fake = signed_statement("statement.pdf", b"<html>not a scan</html>")
    page = client.post(url, official_form(document=fake), follow=True).content.decode()
    assert "The file is not the PDF, PNG or JPEG its name says it is." in page
    assert not Certification.objects.exists()


def test_a_head_is_told_their_own_award_is_certified_by_an_elected_official(client, org, cycle):
    client.force_login(org.head_user)
    page = client.get(reverse("evaluations:certifications", args=[cycle.pk])).content.decode()
    assert "Your own award is certified by an elected official." in page
    assert "department heads): Paula Head" in page
    assert 'name="document"' not in page  # heads sign online; the paper particulars are HR's


@pytest.mark.parametrize(
    "who, expected",
    [("hr_user", 200), ("admin_user", 200), ("head_user", 200), ("other_head_user", 404), ("employee_user", 403)],
)
def test_the_signed_statement_is_served_only_to_hr_and_the_heads_of_its_department(client, org, cycle, who, expected):
    official = record_official(org, cycle, org.public_works)
    client.force_login(getattr(org, who))
    response = client.get(reverse("evaluations:certification_document", args=[cycle.pk, official.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="certification-2026-pw.pdf"'
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_signed_statement_is_never_served_to_a_signed_out_visitor(client, org, cycle):
    official = record_official(org, cycle, org.public_works)
    response = client.get(reverse("evaluations:certification_document", args=[cycle.pk, official.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_online_signature_has_no_document_to_serve(client, org, cycle):
    signed = certify_department(cycle=cycle, department=org.public_works, by=org.head_user)
    client.force_login(org.hr_user)
    assert client.get(reverse("evaluations:certification_document", args=[cycle.pk, signed.pk])).status_code == 404


def test_whoever_recorded_a_paper_signature_sees_why_they_cannot_approve_and_is_refused(client, org, plan):
    record_official(org, plan.cycle, org.public_works, by=org.hr_user)
    client.force_login(org.hr_user)
    page = client.get(reverse("evaluations:pay_plan", args=[plan.cycle_id])).content.decode()
    reason = "You recorded the paper certification of Public Works for this cycle"
    assert reason in page and 'aria-disabled="true" aria-describedby="approval-refusal"' in page
    response = client.post(reverse("evaluations:pay_plan_approve", args=[plan.cycle_id]))
    assert response.status_code == 403 and reason in response.content.decode()
    plan.refresh_from_db()
    assert plan.approved_at is None


def test_a_second_member_of_hr_approves_through_the_page(client, org, plan):
    record_official(org, plan.cycle, org.public_works, by=org.hr_user)
    client.force_login(make_user("hr2", Role.HR))
    page = client.get(reverse("evaluations:pay_plan", args=[plan.cycle_id])).content.decode()
    assert "You recorded the paper certification" not in page
    client.post(reverse("evaluations:pay_plan_approve", args=[plan.cycle_id]))
    plan.refresh_from_db()
    assert plan.approved_by.username == "hr2"


def test_the_pay_plan_page_says_which_signature_each_department_waits_for(client, org, plan):
    certify_department(cycle=plan.cycle, department=org.public_works, by=org.head_user)
    client.force_login(org.hr_user)
    page = client.get(reverse("evaluations:pay_plan", args=[plan.cycle_id])).content.decode()
    assert "Public Works: waiting for: Elected official" in page
    assert "Health: waiting for: Department head, Elected official" in page


def test_the_pay_plan_page_shows_performance_payments_with_the_currency(client, org, cycle):
    plan = PayPlan.objects.create(
        cycle=cycle, atb_percent=D("0"), step_percent=D("0"), lump_sum_kind="band", budget_pool=D("5000")
    )
    MeritRule.objects.create(plan=plan, band="Exceeds", lump_sum=D("2.5"))
    compute_pay_plan(plan=plan, by=org.hr_user)
    client.force_login(org.hr_user)
    page = client.get(reverse("evaluations:pay_plan", args=[cycle.pk])).content.decode()
    # six people on 50,000.00 with 2.5 % = 1,250.00 each; 7,500.00 in all, 2,500.00 over the 5,000.00 pool
    assert '<td class="text-end">$1,250.00</td>' in page
    assert "$7,500.00" in page and "Over the pool by" in page and "$2,500.00" in page


def test_the_pay_plan_page_costs_the_same_however_many_awards(client, org, cycle, django_assert_max_num_queries):
    from tests.factories import make_employee

    plan = PayPlan.objects.create(cycle=cycle, atb_percent=D("2"))
    compute_pay_plan(plan=plan, by=org.hr_user)
    client.force_login(org.hr_user)
    url = reverse("evaluations:pay_plan", args=[cycle.pk])
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for index in range(20):
        make_employee(org.water if index % 2 else org.clinic, f"Extra{index}")
    from evaluations.services.cycles import open_cycle

    open_cycle(cycle=cycle, departments=[org.county], by=org.hr_user, default_template=make_template("Extra"))
    Evaluation.objects.filter(cycle=cycle).update(status=EvaluationStatus.FINALISED, score=D("3.90"), band="Exceeds")
    compute_pay_plan(plan=plan, by=org.hr_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
