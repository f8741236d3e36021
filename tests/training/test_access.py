"""scope() on training rows: trainers see all, heads their subtree, employees their own."""

import pytest

from org.access import scope
from training.models import Attendance, Commitment, ModuleCompletion, Session
from training.services.learning import submit_reflection
from training.services.sessions import add_to_roster, record_attendance, schedule_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(org, session):
    add_to_roster(by=org.trainer_user, session=session, employees=[org.water_worker, org.clinic_worker])
    record_attendance(
        by=org.trainer_user, session=session, statuses={org.water_worker.pk: "present", org.clinic_worker.pk: "present"}
    )
    for person in (org.water_worker, org.clinic_worker):
        submit_reflection(session=session, employee=person, wrap_up_answers=[], reflection="", commitment="Greet first")
    return session


@pytest.mark.parametrize("model", [Attendance, ModuleCompletion, Commitment])
@pytest.mark.parametrize(
    "who, expected",
    [
        ("trainer_user", {"water_worker", "clinic_worker"}),
        ("hr_user", {"water_worker", "clinic_worker"}),
        ("head_user", {"water_worker"}),
        ("other_head_user", {"clinic_worker"}),
        ("employee_user", {"water_worker"}),
    ],
)
def test_who_sees_whose_training(org, attended, model, who, expected):
    rows = scope(model.objects.all(), getattr(org, who))
    assert {row.employee_id for row in rows} == {getattr(org, name).pk for name in expected}


def test_employee_sees_only_sessions_they_are_on(org, attended, version):
    other = schedule_session(
        by=org.trainer_user,
        module_version=version,
        facilitator=org.pw_head,
        starts_at=attended.starts_at,
        location="Elsewhere",
    )
    assert list(scope(Session.objects.all(), org.employee_user)) == [attended]
    assert set(scope(Session.objects.all(), org.trainer_user)) == {attended, other}
