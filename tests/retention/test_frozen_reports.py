"""Reported figures never change because their data was purged: the report tables, the annual report and a past
A-11 quarter read the same before and after a purge and a full rebuild."""

from datetime import date
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from evaluations.models import Evaluation
from org.models import Employee
from reports.models import (
    EvaluationMetric,
    FrozenPeriod,
    MetricsRun,
    StandardCompliance,
    SurveyDriverDay,
    SurveyMetricDay,
    TrainingMetricMonth,
)
from reports.services import compute_metrics
from reports.services.a11 import build_filing
from reports.services.annual import annual_csv_rows, build_annual_report
from retention.models import RecordKind
from retention.services import purge_records
from serviceculture.dates import local_today
from surveys.models import Answer, LinkViewDay, Response
from tests.evaluations.builders import make_cycle
from tests.reports.conftest import local
from tests.training.conftest import published_module
from training.models import CompletionVia, ModuleCompletion

pytestmark = pytest.mark.django_db
TABLES = (SurveyMetricDay, SurveyDriverDay, StandardCompliance, TrainingMetricMonth, EvaluationMetric)


def _tables() -> dict[str, list[dict]]:
    return {
        model.__name__: sorted(
            (model_to_dict(row, exclude=["id", "run"]) for row in model.objects.all()), key=lambda row: str(row)
        )
        for model in TABLES
    }


def _reported(org, fiscal_year: int) -> tuple:
    annual = build_annual_report(root=org.county, fiscal_year=fiscal_year, today=local_today())
    filing = build_filing(date(2021, 10, 1))
    return _tables(), annual_csv_rows(annual), filing.filing_table(), filing.summary_table()


@pytest.fixture
def old_county(kit, org):
    """FY2022 (July 2021 - June 2022) in full: responses, views, a leaver's training and evaluation."""
    for day, score in ((4, 5), (5, 2), (6, 4)):
        kit.respond(at=local(2021, 10, day, 10), satisfaction=score, trust=score > 3)
        kit.views(day=date(2021, 10, day), count=10 + day)
    kit.respond(at=local(2021, 11, 2, 15), satisfaction=3, service_point=org.clinic_desk)
    Employee.objects.filter(pk=org.clinic_worker.pk).update(active=False, left_on=date(2015, 1, 9))
    ModuleCompletion.objects.create(
        employee=org.clinic_worker,
        module_version=published_module(),
        completed_on=date(2014, 10, 2),
        via=CompletionVia.SELF_PACED,
        hours=Decimal("1.50"),
    )
    cycle = make_cycle("FY2014", fiscal_year=2014)
    Evaluation.objects.create(
        cycle=cycle, employee=org.clinic_worker, department=org.clinic, status="finalised", score=Decimal("3.50")
    )
    return kit


def test_figures_stay_as_reported_after_a_purge_and_a_full_rebuild(org, old_county):
    compute_metrics(full=True)
    before = _reported(org, 2022)
    assert before[0]["SurveyDriverDay"] and before[0]["TrainingMetricMonth"] and before[0]["EvaluationMetric"]
    header, first_row = before[2][0], before[2][1]
    assert dict(zip(header, first_row, strict=True))["volume_of_respondents"] == 3

    run = purge_records()
    assert run.counts[RecordKind.ANSWERS] == 4
    assert run.counts[RecordKind.LINK_VIEWS] == 3
    assert run.counts[RecordKind.TRAINING_OF_LEAVERS] == run.counts[RecordKind.EVALUATIONS_OF_LEAVERS] == 1
    assert not Answer.objects.exists() and not LinkViewDay.objects.exists() and not Evaluation.objects.exists()

    incremental = compute_metrics()
    assert _reported(org, 2022) == before
    full = compute_metrics(full=True)
    assert _reported(org, 2022) == before
    assert full.frozen_periods == FrozenPeriod.objects.count() > 0
    assert full.frozen_rows > 0
    assert MetricsRun.objects.get(pk=incremental.pk).status == "succeeded"


def test_blanking_contact_details_does_not_send_the_metrics_job_back_to_that_day(org, kit):
    response = kit.respond(
        at=local(2024, 3, 3, 10), satisfaction=4, wants_contact=True, contact_email="a@example.com", status="responded"
    )
    compute_metrics(full=True)
    last = compute_metrics()
    updated = Response.objects.get(pk=response.pk).updated_at
    purge_records()
    assert Response.objects.get(pk=response.pk).contact_email == ""
    assert Response.objects.get(pk=response.pk).updated_at == updated
    assert compute_metrics().days <= last.days  # only the late-arrival window, as before the purge
