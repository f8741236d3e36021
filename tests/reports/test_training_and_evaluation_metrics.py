"""Training metrics per (month, department) and evaluation metrics per (cycle, department), by hand."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluations.models import Certification, Evaluation
from reports.models import EvaluationMetric, MetricsRun, TrainingMetricMonth
from reports.services.evaluation_metrics import recompute_cycle
from reports.services.training_metrics import recompute_training_months
from tests.evaluations.builders import make_cycle
from tests.reports.conftest import local
from tests.training.conftest import published_module
from training.models import Attendance, Certificate, Commitment, ModuleCompletion, Program, Session

pytestmark = pytest.mark.django_db

MAY = date(2026, 5, 1)
THIRD = Decimal("0.33")


def _run():
    return MetricsRun.objects.create(started_at=timezone.now())


@pytest.fixture
def may_training(org):
    version = published_module()
    trainer = org.county.employees.get(first_name="Trina")
    first = Session.objects.create(
        module_version=version,
        facilitator=trainer,
        starts_at=local(2026, 5, 10, 10),
        duration_minutes=20,
        location="Room 101",
    )
    # 23:30 on 31 May here is already 1 June in UTC: it still belongs to May.
    late_night = Session.objects.create(
        module_version=version,
        facilitator=trainer,
        starts_at=local(2026, 5, 31, 23, 30),
        duration_minutes=20,
        location="Room 101",
    )
    Attendance.objects.create(session=first, employee=org.water_worker, status="present", hours_credited=THIRD)
    Attendance.objects.create(session=first, employee=org.pw_head, status="late", hours_credited=THIRD)
    Attendance.objects.create(session=first, employee=org.clinic_worker, status="absent")
    Attendance.objects.create(session=late_night, employee=org.water_worker, status="present", hours_credited=THIRD)
    for session, employee in ((first, org.water_worker), (late_night, org.water_worker), (first, org.pw_head)):
        ModuleCompletion.objects.create(
            employee=employee,
            module_version=version,
            session=session,
            via="session",
            hours=THIRD,
            completed_on=timezone.localtime(session.starts_at).date(),
        )
    ModuleCompletion.objects.create(
        employee=org.clinic_worker,
        module_version=version,
        via="self_paced",
        hours=Decimal("0.50"),
        completed_on=date(2026, 5, 20),
    )
    kept = Commitment.objects.create(
        employee=org.water_worker,
        module_version=version,
        text="Greet first",
        follow_up_on=date(2026, 5, 25),
        outcome="kept",
        followed_up_at=timezone.now(),
    )
    Commitment.objects.filter(pk=kept.pk).update(created_at=local(2026, 5, 10, 11))
    forgotten = Commitment.objects.create(
        employee=org.pw_head, module_version=version, text="Call back the same day", follow_up_on=date(2026, 5, 26)
    )
    Commitment.objects.filter(pk=forgotten.pk).update(created_at=local(2026, 4, 30, 9))
    Certificate.objects.create(
        employee=org.water_worker, program=Program.objects.create(name="Ambassadors"), issued_on=date(2026, 5, 28)
    )


def _month_row(department):
    row = TrainingMetricMonth.objects.get(month=MAY, department=department)
    return {
        name: getattr(row, name)
        for name in (
            "sessions_held",
            "attendances",
            "employees_trained",
            "employees_trained_12m",
            "training_hours",
            "headcount",
            "commitments_made",
            "commitments_kept",
            "commitments_overdue",
            "ambassadors_certified",
        )
    }


def test_training_month_per_department(org, may_training):
    recompute_training_months(first=MAY, last=MAY, today=date(2026, 6, 15), run=_run())
    assert _month_row(org.water) == {
        "sessions_held": 2,
        "attendances": 2,
        "employees_trained": 1,
        "employees_trained_12m": 1,
        "training_hours": Decimal("0.66"),
        "headcount": 1,
        "commitments_made": 1,
        "commitments_kept": 1,
        "commitments_overdue": 0,
        "ambassadors_certified": 1,
    }
    assert _month_row(org.public_works) == {
        "sessions_held": 1,
        "attendances": 1,
        "employees_trained": 1,
        "employees_trained_12m": 1,
        "training_hours": THIRD,
        "headcount": 1,
        "commitments_made": 0,
        "commitments_kept": 0,
        "commitments_overdue": 1,
        "ambassadors_certified": 0,
    }
    clinic = _month_row(org.clinic)
    assert (clinic["sessions_held"], clinic["attendances"], clinic["employees_trained"], clinic["training_hours"]) == (
        0,
        0,
        1,
        Decimal("0.50"),
    )


def test_overdue_depends_on_the_day_of_the_run(org, may_training):
    recompute_training_months(first=MAY, last=MAY, today=date(2026, 5, 26), run=_run())
    assert _month_row(org.public_works)["commitments_overdue"] == 0  # due that very day: not late yet


def test_coverage_counts_people_trained_in_the_last_12_months(org, may_training):
    recompute_training_months(first=MAY, last=date(2026, 7, 1), today=date(2026, 7, 15), run=_run())
    july = TrainingMetricMonth.objects.get(month=date(2026, 7, 1), department=org.water)
    assert (july.employees_trained, july.employees_trained_12m, july.headcount) == (0, 1, 1)


@pytest.fixture
def cycle(org):
    cycle = make_cycle("FY2026")
    Evaluation.objects.create(
        cycle=cycle,
        employee=org.water_worker,
        department=org.water,
        status="finalised",
        score=Decimal("4.00"),
        customer_service_score=Decimal("4.50"),
        band="Exceeds",
    )
    Evaluation.objects.create(
        cycle=cycle,
        employee=org.pw_head,
        department=org.water,
        status="rated",
        score=Decimal("3.00"),
        customer_service_score=Decimal("3.00"),
        band="Meets",
    )
    Evaluation.objects.create(
        cycle=cycle,
        employee=org.clinic_worker,
        department=org.clinic,
        status="acknowledged",
        score=Decimal("2.50"),
        customer_service_score=Decimal("2.00"),
        band="Needs improvement",
    )
    Certification.objects.create(
        cycle=cycle,
        department=org.public_works,
        signer=org.head_user,
        signer_name="Paula Head",
        signer_role="department_head",
        statement="Certified.",
        signed_at=timezone.now(),
    )
    Certification.objects.create(
        cycle=cycle,
        department=org.health,
        signer=org.other_head_user,
        signer_name="Hank Head",
        signer_role="department_head",
        statement="Certified.",
        signed_at=timezone.now(),
        withdrawn_at=timezone.now(),
    )
    return cycle


def test_evaluation_metrics_per_cycle_and_department(org, cycle):
    recompute_cycle(cycle=cycle, run=_run())
    water = EvaluationMetric.objects.get(cycle=cycle, department=org.water)
    assert (water.evaluations, water.settled, water.by_status) == (2, 1, {"finalised": 1, "rated": 1})
    assert water.by_band == {"Exceeds": 1}  # a rating still under review is not shown
    assert (water.scored, water.score_sum, water.customer_service_scored, water.customer_service_sum) == (
        1,
        Decimal("4.00"),
        1,
        Decimal("4.50"),
    )
    assert water.certified  # the head of Public Works certified for the whole subtree
    clinic = EvaluationMetric.objects.get(cycle=cycle, department=org.clinic)
    assert (clinic.by_band, clinic.certified) == ({"Needs improvement": 1}, False)  # withdrawn certification


def test_a_recomputed_cycle_drops_departments_without_evaluations(org, cycle):
    run = _run()
    recompute_cycle(cycle=cycle, run=run)
    Evaluation.objects.filter(department=org.clinic).delete()
    recompute_cycle(cycle=cycle, run=_run())
    assert not EvaluationMetric.objects.filter(department=org.clinic).exists()
