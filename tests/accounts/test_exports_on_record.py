"""Every file that leaves the system, and every PDF or printout, leaves one event on the audit trail: who asked,
what, with which filters, and, for a file prepared as a job, which job."""

import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from accounts.audit import filters_of
from accounts.models import AuditAction, AuditEvent
from evaluations.models import Evaluation, EvaluationStatus, MeritRule, PayPlan
from evaluations.services.certification import certify_department
from evaluations.services.pay import approve_pay_plan, compute_pay_plan
from jobs.models import Job
from reports.periods import fiscal_year_of, quarter_start
from serviceculture.dates import local_today
from surveys.models import LinkKind, SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from surveys.services.responses import submit_response
from tests.evaluations.builders import open_for, record_official
from tests.surveys.test_services import answers_for

pytestmark = pytest.mark.django_db

# (user, response, the details the event must hold)
Outcome = tuple[Any, Any, dict[str, Any]]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def chromium_found(settings, tmp_path):
    """PDF buttons check that Chromium exists before they queue a job; nothing is printed in these tests."""
    settings.CHROMIUM_PATH = sys.executable
    settings.JOBS_DIR = tmp_path / "jobs"


def _survey_with_a_response(org):
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    submit_response(link=link, answers=answers_for(survey), language="en")
    return survey


def _as(client, user):
    client.force_login(user)
    return client


def responses_csv(client, org, settings) -> Outcome:
    survey = _survey_with_a_response(org)
    url = reverse("surveys:export", args=["csv"])
    response = _as(client, org.head_user).get(url, {"survey": survey.pk, "submitted_from": "2020-01-01", "status": ""})
    return (
        org.head_user,
        response,
        {"survey": str(survey.pk), "submitted_from": "2020-01-01", "format": "csv", "rows": 1},
    )


def responses_xlsx(client, org, settings) -> Outcome:
    _survey_with_a_response(org)
    response = _as(client, org.admin_user).post(reverse("surveys:export", args=["xlsx"]) + "?channel=counter")
    return org.admin_user, response, {"channel": "counter", "format": "xlsx", "rows": 1}


def responses_job(client, org, settings) -> Outcome:
    _survey_with_a_response(org)
    settings.EXPORT_DIRECT_MAX_ROWS = 0
    response = _as(client, org.admin_user).post(reverse("surveys:export", args=["csv"]) + "?box=all")
    return org.admin_user, response, {"box": "all", "format": "csv", "job": Job.objects.get().pk}


def new_single_use_links(client, org, settings) -> Outcome:
    survey = _survey_with_a_response(org)
    data = {"service_point": org.counter.pk, "kind": LinkKind.SINGLE_USE, "count": 3, "label": "May mailing"}
    response = _as(client, org.admin_user).post(reverse("surveys:link_create", args=[survey.pk]), data)
    return org.admin_user, response, {"survey": survey.pk, "label": "May mailing", "format": "csv", "rows": 3}


def unused_links_again(client, org, settings) -> Outcome:
    survey = _survey_with_a_response(org)
    create_links(
        survey=survey, service_point=org.counter, kind=LinkKind.SINGLE_USE, count=2, label="x", by=org.admin_user
    )
    url = reverse("surveys:link_batch_csv", args=[survey.pk])
    response = _as(client, org.head_user).get(url, {"label": "x"})
    return org.head_user, response, {"survey": survey.pk, "label": "x", "rows": 2}


def training_coverage(client, org, settings) -> Outcome:
    url = reverse("training:coverage")
    response = _as(client, org.trainer_user).get(url, {"search": "Walter", "export": "csv"})
    return org.trainer_user, response, {"search": "Walter", "format": "csv", "rows": 1}


def dashboard_departments(client, org, settings) -> Outcome:
    url = reverse("reports:dashboard")
    response = _as(client, org.head_user).get(url, {"export": "departments"})
    return org.head_user, response, {"table": "departments", "department": org.public_works.pk, "format": "csv"}


def dashboard_service_points(client, org, settings) -> Outcome:
    url = reverse("reports:dashboard")
    response = _as(client, org.hr_user).get(url, {"export": "service_points", "department": org.water.pk})
    return org.hr_user, response, {"table": "service_points", "department": org.water.pk, "rows": 0}


def a11(client, org, settings) -> Outcome:
    quarter = quarter_start(local_today()).isoformat()
    response = _as(client, org.admin_user).get(reverse("reports:a11_export"), {"quarter": quarter, "format": "csv"})
    return org.admin_user, response, {"quarter": quarter, "format": "csv", "rows": 0}


def annual_csv(client, org, settings) -> Outcome:
    year = fiscal_year_of(local_today())
    response = _as(client, org.head_user).get(reverse("reports:annual"), {"year": year, "format": "csv"})
    return org.head_user, response, {"department": org.public_works.pk, "year": year, "format": "csv"}


def annual_pdf(client, org, settings) -> Outcome:
    year = fiscal_year_of(local_today())
    data = {"department": org.water.pk, "year": year}
    response = _as(client, org.head_user).post(reverse("reports:annual"), data)
    return (
        org.head_user,
        response,
        {"department": org.water.pk, "year": year, "format": "pdf", "job": Job.objects.get().pk},
    )


def payroll(client, org, settings) -> Outcome:
    cycle = open_for(org)
    Evaluation.objects.filter(cycle=cycle).update(
        status=EvaluationStatus.FINALISED, score=Decimal("3.00"), band="Meets"
    )
    plan = PayPlan.objects.create(cycle=cycle, atb_percent=Decimal("2"), budget_pool=Decimal("20000"))
    MeritRule.objects.create(plan=plan, band="Meets", steps=1)
    compute_pay_plan(plan=plan, by=org.hr_user)
    approve_pay_plan(plan=plan, by=org.hr_user)
    certify_department(cycle=cycle, department=org.public_works, by=org.head_user)
    record_official(org, cycle, org.public_works, by=org.admin_user)  # the head's own award
    url = reverse("evaluations:payroll_export", args=[cycle.pk, org.public_works.pk])
    response = _as(client, org.hr_user).get(url)
    rows = Evaluation.objects.filter(cycle=cycle, department__path__startswith=org.public_works.path).count()
    return org.hr_user, response, {"cycle": cycle.pk, "department": org.public_works.pk, "format": "csv", "rows": rows}


def evaluation_pdf(client, org, settings) -> Outcome:
    evaluation = Evaluation.objects.get(cycle=open_for(org), employee=org.water_worker)
    response = _as(client, org.hr_user).post(reverse("evaluations:evaluation_pdf", args=[evaluation.pk]))
    details = {"evaluation": evaluation.pk, "employee": org.water_worker.employee_number, "format": "pdf"}
    return org.hr_user, response, {**details, "job": Job.objects.get().pk}


def evaluation_printable(client, org, settings) -> Outcome:
    evaluation = Evaluation.objects.get(cycle=open_for(org), employee=org.water_worker)
    response = _as(client, org.head_user).get(reverse("evaluations:evaluation_print", args=[evaluation.pk]))
    return org.head_user, response, {"evaluation": evaluation.pk, "format": "html"}


def audit_trail(client, org, settings) -> Outcome:
    url = reverse("accounts:audit")
    response = _as(client, org.admin_user).get(url, {"action": "exported", "person": "hr", "_export": "csv"})
    return org.admin_user, response, {"action": "exported", "person": "hr", "format": "csv", "rows": 0}


EXPORTED, PRINTED = AuditAction.EXPORTED, AuditAction.PRINTED
DOWNLOADS: list[tuple[Callable[..., Outcome], AuditAction, str]] = [
    (responses_csv, EXPORTED, "Survey responses, CSV"),
    (responses_xlsx, EXPORTED, "Survey responses, XLSX"),
    (responses_job, EXPORTED, "Survey responses, CSV, prepared as a job"),
    (new_single_use_links, EXPORTED, "Single-use links of"),
    (unused_links_again, EXPORTED, "Single-use links of"),
    (training_coverage, EXPORTED, "Training coverage"),
    (dashboard_departments, EXPORTED, "Dashboard departments under Public Works"),
    (dashboard_service_points, EXPORTED, "Dashboard service points under Water"),
    (a11, EXPORTED, "A-11 data collection"),
    (annual_csv, EXPORTED, "Annual report FY"),
    (annual_pdf, PRINTED, "(PDF), prepared as a job"),
    (payroll, EXPORTED, "Payroll FY2026, Public Works"),
    (evaluation_pdf, PRINTED, "Evaluation of Walter Worker, FY2026 (PDF), prepared as a job"),
    (evaluation_printable, PRINTED, "Evaluation of Walter Worker, FY2026 (printable page)"),
    (audit_trail, EXPORTED, "Audit trail (CSV)"),
]


@pytest.mark.parametrize(
    "download, action, summary", DOWNLOADS, ids=[download.__name__ for download, _action, _summary in DOWNLOADS]
)
def test_every_download_and_printout_leaves_one_event_saying_who_what_and_with_which_filters(
    client, org, settings, download, action, summary
):
    AuditEvent.objects.all().delete()  # a download is the only thing these tests put on the trail
    user, response, details = download(client, org, settings)
    assert response.status_code in (200, 302), response.content[:500]
    [event] = AuditEvent.objects.all()
    assert (event.actor, event.username, event.action) == (user, user.username, action)
    assert summary in event.summary
    assert {key: event.details.get(key) for key in details} == details


def test_a_job_refused_for_being_one_too_many_leaves_no_event(client, org, settings):
    _survey_with_a_response(org)
    settings.EXPORT_DIRECT_MAX_ROWS, settings.JOBS_MAX_ACTIVE_PER_USER = 0, 1
    _as(client, org.admin_user)
    client.post(reverse("surveys:export", args=["csv"]))
    refused = client.post(reverse("surveys:export", args=["xlsx"]))
    assert refused.status_code == 302 and Job.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.EXPORTED).count() == 1


def test_a_refused_payroll_export_leaves_no_event(client, org):
    cycle = open_for(org)
    PayPlan.objects.create(cycle=cycle, atb_percent=Decimal("2"), budget_pool=Decimal("20000"))
    _as(client, org.hr_user).get(reverse("evaluations:payroll_export", args=[cycle.pk, org.public_works.pk]))
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


def test_a_public_certificate_page_is_not_an_export(client, org):
    assert client.get(reverse("training_public:lookup")).status_code == 200
    assert not AuditEvent.objects.exists()


def test_the_filters_on_record_leave_out_empty_fields_and_what_only_shapes_the_page():
    data = QueryDict("survey=3&status=&tag=a&tag=b&page=2&sort=-at&csrfmiddlewaretoken=x&export=csv")
    assert filters_of(data) == {"survey": "3", "tag": ["a", "b"]}
