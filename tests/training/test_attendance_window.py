"""Attendance opens shortly before a session starts, and a trainer marks everyone present then the exceptions.

The clock is the services' `now=`; the pages are checked with sessions placed before or inside the window.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from training.models import Attendance, ModuleCompletion
from training.services.sessions import (
    add_to_roster,
    mark_all_present,
    record_attendance,
    schedule_session,
    self_check_in,
    set_check_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_week(org, version):
    """A session that starts at 10:00 in a week, with two people on the roster."""
    starts_at = (timezone.localtime() + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    session = schedule_session(
        by=org.trainer_user,
        module_version=version,
        facilitator=org.county.employees.get(first_name="Trina"),
        starts_at=starts_at,
        location="Room 202",
    )
    add_to_roster(session=session, employees=[org.water_worker, org.clinic_worker], by=org.trainer_user)
    return session


def _statuses(session):
    return dict(Attendance.objects.filter(session=session).values_list("employee__first_name", "status"))


def test_trainer_cannot_take_attendance_six_days_before_the_session(org, next_week):
    with pytest.raises(ValidationError) as refusal:
        record_attendance(
            session=next_week,
            statuses={org.water_worker.pk: "present"},
            by=org.trainer_user,
            now=next_week.starts_at - timedelta(days=6),
        )
    assert refusal.value.code == "attendance_not_open"
    assert "30 minutes before it starts" in refusal.value.messages[0]
    assert not ModuleCompletion.objects.filter(session=next_week).exists()
    assert set(_statuses(next_week).values()) == {"invited"}


def test_attendance_opens_the_configured_time_before_the_start(org, next_week, settings):
    settings.ATTENDANCE_OPENS_MINUTES_BEFORE = 45
    too_early = next_week.starts_at - timedelta(minutes=46)
    with pytest.raises(ValidationError):
        mark_all_present(session=next_week, by=org.trainer_user, now=too_early)
    assert (
        mark_all_present(session=next_week, by=org.trainer_user, now=next_week.starts_at - timedelta(minutes=45)) == 2
    )


def test_refusal_names_the_local_time_attendance_opens(org, next_week):
    with pytest.raises(ValidationError) as refusal:
        mark_all_present(session=next_week, by=org.trainer_user, now=next_week.starts_at - timedelta(hours=2))
    assert "9:30" in refusal.value.messages[0] or "09:30" in refusal.value.messages[0]


def test_self_check_in_waits_for_the_window_even_when_the_trainer_opened_it(org, next_week):
    with pytest.raises(ValidationError) as early_open:
        set_check_in(session=next_week, open=True, by=org.trainer_user, now=next_week.starts_at - timedelta(days=6))
    assert early_open.value.code == "attendance_not_open"
    set_check_in(session=next_week, open=True, by=org.trainer_user, now=next_week.starts_at - timedelta(minutes=20))
    with pytest.raises(ValidationError) as refusal:
        self_check_in(
            code=next_week.check_in_code,
            employee=org.water_worker,
            by=org.water_worker.user,
            now=next_week.starts_at - timedelta(hours=1),
        )
    assert refusal.value.code == "attendance_not_open"
    attendance = self_check_in(
        code=next_week.check_in_code,
        employee=org.water_worker,
        by=org.water_worker.user,
        now=next_week.starts_at - timedelta(minutes=5),
    )
    assert attendance.status == "present"


def test_mark_all_present_then_the_trainer_marks_the_one_who_was_absent(org, next_week):
    during = next_week.starts_at + timedelta(minutes=2)
    assert mark_all_present(session=next_week, by=org.trainer_user, now=during) == 2
    assert set(_statuses(next_week).values()) == {"present"}
    assert ModuleCompletion.objects.filter(session=next_week).count() == 2

    record_attendance(session=next_week, statuses={org.clinic_worker.pk: "absent"}, by=org.trainer_user, now=during)
    assert _statuses(next_week) == {org.water_worker.first_name: "present", org.clinic_worker.first_name: "absent"}
    assert list(ModuleCompletion.objects.filter(session=next_week).values_list("employee", flat=True)) == [
        org.water_worker.pk
    ]
    absent = Attendance.objects.get(session=next_week, employee=org.clinic_worker)
    assert absent.hours_credited == 0 and absent.recorded_by == org.trainer_user


def test_mark_all_present_twice_keeps_the_exceptions(org, next_week):
    during = next_week.starts_at + timedelta(minutes=2)
    record_attendance(session=next_week, statuses={org.clinic_worker.pk: "late"}, by=org.trainer_user, now=during)
    assert mark_all_present(session=next_week, by=org.trainer_user, now=during) == 1
    assert mark_all_present(session=next_week, by=org.trainer_user, now=during) == 0
    assert _statuses(next_week) == {org.water_worker.first_name: "present", org.clinic_worker.first_name: "late"}
    assert ModuleCompletion.objects.filter(session=next_week).count() == 2


# --- Pages --------------------------------------------------------------------------------------------


def test_attendance_page_disables_its_buttons_and_says_when_it_opens(client, org, next_week):
    client.force_login(org.trainer_user)
    url = reverse("training:attendance", args=[next_week.pk])
    page = client.get(url).content.decode()
    assert "Attendance opens at" in page and "Mark all present" in page
    assert page.count('disabled aria-describedby="attendance-not-open"') == 2
    detail = client.get(reverse("training:session_detail", args=[next_week.pk])).content.decode()
    assert "Check-in can be opened from" in detail
    assert 'disabled aria-describedby="roster-attendance-not-open"' in detail  # the roster's own button

    response = client.post(url, {"mark_all_present": "1"}, follow=True)
    assert "30 minutes before it starts" in response.content.decode()
    assert set(_statuses(next_week).values()) == {"invited"}


def test_trainer_marks_all_present_on_the_roster_then_one_late(client, org, session):
    add_to_roster(session=session, employees=[org.water_worker, org.clinic_worker], by=org.trainer_user)
    client.force_login(org.trainer_user)
    url = reverse("training:attendance", args=[session.pk])
    assert "disabled" not in client.get(url).content.decode()

    roster = client.get(reverse("training:session_detail", args=[session.pk])).content.decode()
    assert "Mark all present" in roster and "roster-attendance-not-open" not in roster
    page = client.post(url, {"mark_all_present": "1"}, follow=True).content.decode()
    assert "2 people marked present" in page
    client.post(url, {f"status-{org.clinic_worker.pk}": "late"})
    assert _statuses(session) == {org.water_worker.first_name: "present", org.clinic_worker.first_name: "late"}


def test_a_reader_cannot_mark_all_present(client, org, session):
    add_to_roster(session=session, employees=[org.water_worker], by=org.trainer_user)
    client.force_login(org.hr_user)
    response = client.post(reverse("training:attendance", args=[session.pk]), {"mark_all_present": "1"})
    assert response.status_code == 403
    assert set(_statuses(session).values()) == {"invited"}
