"""The rules of training, called through the services."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from serviceculture import mail as outgoing
from tests.training.conftest import CONTENT, author
from training.evidence import training_summary
from training.models import (
    Attendance,
    Certificate,
    Commitment,
    CommitmentOutcome,
    ModuleCompletion,
    ModuleVersion,
)
from training.services import commitments
from training.services.commitments import record_follow_up, send_follow_up_reminders
from training.services.learning import complete_self_paced, submit_reflection
from training.services.modules import edit_module, publish_module
from training.services.sessions import (
    add_departments_to_roster,
    add_to_roster,
    record_attendance,
    remove_from_roster,
    schedule_session,
    self_check_in,
    set_check_in,
)
from training.tasks import send_commitment_follow_ups

pytestmark = pytest.mark.django_db


# --- Versioning --------------------------------------------------------------------------------------


def test_editing_a_published_module_leaves_past_sessions_untouched(org, session, version):
    draft = edit_module(by=org.trainer_user, module=version.module, content={"title": "A new title"})
    publish_module(by=org.trainer_user, module=version.module)

    session.refresh_from_db()
    assert session.module_version == version
    assert session.module_version.title == CONTENT["title"]
    assert draft.number == 2 and draft.title == "A new title"
    assert ModuleVersion.objects.get(pk=version.pk).title == CONTENT["title"]
    assert list(ModuleVersion.objects.current()) == [draft]


def test_a_draft_is_edited_in_place_until_published(version):
    first = edit_module(by=author(), module=version.module, content={"title": "Draft one"})
    second = edit_module(by=author(), module=version.module, content={"title": "Draft two"})
    assert first.pk == second.pk
    assert version.module.versions.count() == 2


def test_segments_must_add_up_to_the_duration(version):
    with pytest.raises(ValidationError) as error:
        edit_module(by=author(), module=version.module, content={"duration_minutes": 30})
    assert "duration_minutes" in error.value.message_dict


def test_facilitator_clock_runs_to_the_duration(version):
    segments = version.segments()
    assert [segment["start"] for segment in segments] == [0, 2, 7, 12, 17]
    assert segments[-1]["end"] == version.duration_minutes == 20


def test_only_published_modules_can_be_scheduled(org, version):
    draft = edit_module(by=org.trainer_user, module=version.module, content={"title": "Unpublished"})
    with pytest.raises(ValidationError):
        schedule_session(
            by=org.trainer_user,
            module_version=draft,
            facilitator=org.pw_head,
            starts_at=timezone.now(),
            location="Room 1",
        )


# --- Rosters, attendance and hours -------------------------------------------------------------------


def test_roster_by_department_takes_the_whole_subtree(org, session):
    added = add_departments_to_roster(by=org.trainer_user, session=session, departments=[org.public_works])
    assert added == 2
    assert set(session.attendances.values_list("employee", flat=True)) == {org.pw_head.pk, org.water_worker.pk}
    assert add_to_roster(by=org.trainer_user, session=session, employees=[org.water_worker]) == 0


def test_roster_refuses_more_people_than_the_room_holds(org, session):
    session.capacity = 1
    session.save()
    with pytest.raises(ValidationError):
        add_departments_to_roster(by=org.trainer_user, session=session, departments=[org.public_works])
    assert not session.attendances.exists()


def test_attendance_credits_hours_and_completion_only_to_people_who_came(org, session):
    add_departments_to_roster(by=org.trainer_user, session=session, departments=[org.public_works])
    record_attendance(
        by=org.trainer_user, session=session, statuses={org.water_worker.pk: "late", org.pw_head.pk: "absent"}
    )

    came = Attendance.objects.get(session=session, employee=org.water_worker)
    missed = Attendance.objects.get(session=session, employee=org.pw_head)
    assert came.hours_credited == Decimal("0.33") and came.checked_in_at is not None
    assert missed.hours_credited == Decimal("0")
    assert list(ModuleCompletion.objects.values_list("employee", "hours")) == [(org.water_worker.pk, Decimal("0.33"))]


def test_correcting_attendance_to_excused_takes_the_credit_back(org, session):
    add_to_roster(by=org.trainer_user, session=session, employees=[org.water_worker])
    record_attendance(by=org.trainer_user, session=session, statuses={org.water_worker.pk: "present"})
    record_attendance(by=org.trainer_user, session=session, statuses={org.water_worker.pk: "excused"})
    assert Attendance.objects.get(session=session).hours_credited == 0
    assert not ModuleCompletion.objects.exists()


# --- Self check-in -----------------------------------------------------------------------------------


def test_self_check_in_only_while_open(org, session):
    with pytest.raises(ValidationError):
        self_check_in(code=session.check_in_code, employee=org.water_worker, by=org.water_worker.user)
    set_check_in(by=org.trainer_user, session=session, open=True)
    attendance = self_check_in(code=session.check_in_code, employee=org.water_worker, by=org.water_worker.user)
    assert attendance.status == "present" and attendance.self_checked_in
    set_check_in(by=org.trainer_user, session=session, open=False)
    with pytest.raises(ValidationError):
        self_check_in(code=session.check_in_code, employee=org.clinic_worker, by=org.clinic_worker.user)


def test_self_check_in_only_once(org, session):
    set_check_in(by=org.trainer_user, session=session, open=True)
    first = self_check_in(code=session.check_in_code, employee=org.water_worker, by=org.water_worker.user)
    with pytest.raises(ValidationError):
        self_check_in(
            code=session.check_in_code,
            employee=org.water_worker,
            by=org.water_worker.user,
            now=timezone.now() + timedelta(minutes=30),
        )
    attendance = Attendance.objects.get(session=session, employee=org.water_worker)
    assert attendance.checked_in_at == first.checked_in_at and attendance.status == "present"
    assert ModuleCompletion.objects.filter(employee=org.water_worker).count() == 1


def test_checking_in_long_after_the_start_counts_as_late(org, session):
    set_check_in(by=org.trainer_user, session=session, open=True)
    attendance = self_check_in(
        code=session.check_in_code,
        employee=org.water_worker,
        by=org.water_worker.user,
        now=session.starts_at + timedelta(minutes=25),
    )
    assert attendance.status == "late" and attendance.hours_credited == session.hours


# --- Certificates ------------------------------------------------------------------------------------


def _complete(employee, program, days, version_filter=None):
    for module, day in zip(program.required_modules(), days, strict=False):
        complete_self_paced(
            module_version=module.published_version(), employee=employee, wrap_up_answers=[], commitment="", today=day
        )


def test_certificate_needs_every_required_module(org, program):
    _complete(org.water_worker, program, [date(2026, 3, 1), date(2026, 3, 5)])
    assert not Certificate.objects.exists()
    _complete(org.water_worker, program, [date(2026, 3, 1), date(2026, 3, 5), date(2026, 3, 9)])
    certificate = Certificate.objects.get()
    assert certificate.issued_on == date(2026, 3, 9) and certificate.expires_on is None
    assert len(certificate.verification_code) >= 16


def test_certificate_expires_after_the_renewal_period(org, program):
    program.renewal_months = 12
    program.save()
    _complete(org.water_worker, program, [date(2026, 1, 31)] * 3)
    certificate = Certificate.objects.get()
    assert certificate.expires_on == date(2027, 1, 31)
    assert certificate.is_valid_on(date(2027, 1, 30)) and not certificate.is_valid_on(date(2027, 1, 31))


def test_renewal_needs_every_module_taken_again(org, program):
    program.renewal_months = 12
    program.save()
    _complete(org.water_worker, program, [date(2025, 1, 10)] * 3)
    _complete(org.water_worker, program, [date(2026, 2, 1), date(2026, 2, 2)])
    assert Certificate.objects.count() == 1
    _complete(org.water_worker, program, [date(2026, 2, 1), date(2026, 2, 2), date(2026, 2, 3)])
    assert list(Certificate.objects.order_by("issued_on").values_list("issued_on", flat=True)) == [
        date(2025, 1, 10),
        date(2026, 2, 3),
    ]


def test_old_completions_outside_the_renewal_period_do_not_count(org, program):
    program.renewal_months = 6
    program.save()
    _complete(org.water_worker, program, [date(2025, 1, 1), date(2026, 1, 1), date(2026, 1, 2)])
    assert not Certificate.objects.exists()


def _certified_through_a_session(org, program, *, extra_days=()):
    """Two modules alone, the third in a session Walter attends: a certificate the session completed."""
    modules = program.required_modules()
    _complete(org.water_worker, program, [date(2026, 3, 1), date(2026, 3, 2)])
    for day in extra_days:
        complete_self_paced(
            module_version=modules[2].published_version(),
            employee=org.water_worker,
            wrap_up_answers=[],
            commitment="",
            today=day,
        )
    session = schedule_session(
        by=org.trainer_user,
        module_version=modules[2].published_version(),
        facilitator=org.county.employees.get(first_name="Trina"),
        starts_at=datetime(2026, 3, 10, 9, tzinfo=timezone.get_current_timezone()),
        location="Room 101",
    )
    add_to_roster(by=org.trainer_user, session=session, employees=[org.water_worker])
    record_attendance(by=org.trainer_user, session=session, statuses={org.water_worker.pk: "present"})
    return session, Certificate.objects.get()


def test_correcting_attendance_to_absent_withdraws_the_certificate_it_completed(org, program):
    session, certificate = _certified_through_a_session(org, program)
    assert certificate.issued_on == date(2026, 3, 10) and certificate.withdrawn_at is None

    record_attendance(by=org.trainer_user, session=session, statuses={org.water_worker.pk: "absent"})
    certificate.refresh_from_db()
    assert certificate.withdrawn_at is not None
    assert "corrected" in certificate.withdrawal_reason and str(session) in certificate.withdrawal_reason
    assert not certificate.is_valid_on(date(2026, 3, 11))
    assert not Certificate.objects.standing().exists()


def test_correcting_attendance_back_reinstates_the_same_certificate(org, program):
    session, certificate = _certified_through_a_session(org, program)
    record_attendance(by=org.trainer_user, session=session, statuses={org.water_worker.pk: "absent"})
    record_attendance(by=org.trainer_user, session=session, statuses={org.water_worker.pk: "late"})
    reinstated = Certificate.objects.get()
    assert reinstated.pk == certificate.pk and reinstated.verification_code == certificate.verification_code
    assert reinstated.withdrawn_at is None and reinstated.withdrawal_reason == ""


def test_removing_the_attendee_from_the_roster_withdraws_the_certificate(org, program):
    session, certificate = _certified_through_a_session(org, program)
    remove_from_roster(by=org.trainer_user, session=session, employee=org.water_worker)
    certificate.refresh_from_db()
    assert certificate.withdrawn_at is not None


def test_a_certificate_another_completion_still_supports_stands(org, program):
    session, certificate = _certified_through_a_session(org, program, extra_days=[date(2026, 3, 3)])
    assert certificate.issued_on == date(2026, 3, 3)
    record_attendance(by=org.trainer_user, session=session, statuses={org.water_worker.pk: "excused"})
    certificate.refresh_from_db()
    assert certificate.withdrawn_at is None


def test_a_completion_outside_the_renewal_window_does_not_save_the_certificate(org, program):
    program.renewal_months = 6
    program.save()
    session, certificate = _certified_through_a_session(org, program, extra_days=[date(2025, 6, 1)])
    record_attendance(by=org.trainer_user, session=session, statuses={org.water_worker.pk: "absent"})
    certificate.refresh_from_db()
    assert certificate.withdrawn_at is not None


# --- Reflections and commitments ---------------------------------------------------------------------


def test_only_attendees_reflect_and_their_commitment_is_followed_up_in_30_days(org, session):
    add_to_roster(by=org.trainer_user, session=session, employees=[org.water_worker, org.pw_head])
    record_attendance(by=org.trainer_user, session=session, statuses={org.water_worker.pk: "present"})
    with pytest.raises(ValidationError):
        submit_reflection(session=session, employee=org.pw_head, wrap_up_answers=[], reflection="x", commitment="x")
    submit_reflection(
        session=session,
        employee=org.water_worker,
        wrap_up_answers=["It matters", "Greet"],
        reflection="Serving my neighbours",
        commitment="Call back the same day",
    )
    commitment = Commitment.objects.get()
    assert commitment.follow_up_on == timezone.localdate() + timedelta(days=30)
    assert commitment.module_version == session.module_version


def _due_commitment(org, **fields):
    version = ModuleVersion.objects.first()
    assert version is not None
    return Commitment.objects.create(
        employee=org.water_worker,
        module_version=version,
        text="Smile at the counter",
        follow_up_on=timezone.localdate(),
        **fields,
    )


def test_follow_up_task_sends_one_email_when_run_twice(org, version):
    org.water_worker.work_email = "walter@example.gov"
    org.water_worker.save()
    org.pw_head.work_email = "paula@example.gov"
    org.pw_head.save()
    commitment = _due_commitment(org)
    Commitment.objects.create(
        employee=org.water_worker,
        module_version=version,
        text="Later",
        follow_up_on=timezone.localdate() + timedelta(days=3),
    )

    assert send_commitment_follow_ups() == 1
    assert send_commitment_follow_ups() == 0
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"walter@example.gov", "paula@example.gov"}
    assert commitment.get_absolute_url() in mail.outbox[0].body
    commitment.refresh_from_db()
    assert commitment.reminder_sent_at is not None


def test_reminder_email_reads_well_and_links_the_follow_up_page_in_full(org, version, settings):
    settings.SITE_URL = "https://service.example.gov"
    org.water_worker.work_email = "walter@example.gov"
    org.water_worker.supervisor = None
    org.water_worker.save()
    commitment = _due_commitment(org)

    assert send_follow_up_reminders() == 1
    body = mail.outbox[0].body
    assert body.startswith(f"Hello {org.water_worker.first_name},")
    assert '"Smile at the counter"' in body
    assert f"https://service.example.gov{commitment.get_absolute_url()}\n" in body
    assert "supervisor" not in body  # nobody else was copied, so the email does not say so
    assert mail.outbox[0].to == ["walter@example.gov"]


def a_worker_takes_the_reminder(commitment):
    """The end of the lease the worker took, or None."""
    return outgoing.claim(
        Commitment.objects.filter(pk=commitment.pk), sent="reminder_sent_at", lease="reminder_sending_until"
    )


def test_a_worker_that_takes_a_reminder_holds_it_for_the_configured_lease(org, version, settings):
    settings.EMAIL_LEASE_SECONDS = 240
    commitment = _due_commitment(org)
    before = timezone.now()
    assert a_worker_takes_the_reminder(commitment)
    assert not a_worker_takes_the_reminder(commitment)
    commitment.refresh_from_db()
    assert before + timedelta(seconds=240) <= commitment.reminder_sending_until
    assert commitment.reminder_sending_until <= timezone.now() + timedelta(seconds=240)
    assert commitment.reminder_sent_at is None


def test_a_run_leaves_a_reminder_alone_while_another_worker_holds_it(org, version):
    org.water_worker.work_email = "walter@example.gov"
    org.water_worker.save()
    commitment = _due_commitment(org)
    a_worker_takes_the_reminder(commitment)
    assert send_follow_up_reminders() == 0
    assert mail.outbox == []


def test_a_reminder_whose_worker_died_is_sent_by_the_first_run_after_its_lease(org, version):
    org.water_worker.work_email = "walter@example.gov"
    org.water_worker.save()
    commitment = _due_commitment(org)
    a_worker_takes_the_reminder(commitment)
    Commitment.objects.filter(pk=commitment.pk).update(reminder_sending_until=timezone.now() - timedelta(seconds=1))
    assert send_follow_up_reminders() == 1
    assert send_follow_up_reminders() == 0
    commitment.refresh_from_db()
    assert commitment.reminder_sent_at is not None and commitment.reminder_sending_until is None


def test_a_failed_email_is_tried_again_next_run(org, version, monkeypatch):
    org.water_worker.work_email = "walter@example.gov"
    org.water_worker.save()
    commitment = _due_commitment(org)

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(commitments, "send_mail", refuse)
    assert send_follow_up_reminders() == 0
    commitment.refresh_from_db()
    assert commitment.reminder_sent_at is None and commitment.reminder_sending_until is None
    monkeypatch.undo()
    assert send_follow_up_reminders() == 1


def test_a_reminder_with_nobody_to_send_to_is_not_marked_sent_until_someone_has_an_address(org, version):
    org.water_worker.supervisor = None
    org.water_worker.save()
    commitment = _due_commitment(org)
    assert send_follow_up_reminders() == 0
    commitment.refresh_from_db()
    assert commitment.reminder_sent_at is None and commitment.reminder_sending_until is None
    org.water_worker.work_email = "walter@example.gov"
    org.water_worker.save()
    assert send_follow_up_reminders() == 1


def test_reminders_run_every_quarter_hour_and_expire_before_the_next(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["training-commitment-follow-ups"]
    assert entry["task"] == "training.send_commitment_follow_ups"
    assert entry["schedule"].minute == {0, 15, 30, 45}
    assert 0 < entry["options"]["expires"] < 15 * 60


def test_recording_a_follow_up(org, version):
    commitment = _due_commitment(org)
    record_follow_up(by=org.trainer_user, commitment=commitment, outcome="partly", note="Most days")
    commitment.refresh_from_db()
    assert commitment.outcome == CommitmentOutcome.PARTLY and commitment.followed_up_at
    with pytest.raises(ValidationError):
        record_follow_up(by=org.trainer_user, commitment=commitment, outcome="pending")


# --- Evidence for evaluations ------------------------------------------------------------------------


def test_training_summary_for_a_period(org, program):
    _complete(org.water_worker, program, [date(2026, 3, 1), date(2026, 3, 5), date(2026, 4, 9)])
    version = program.required_modules()[0].published_version()
    Commitment.objects.create(
        employee=org.water_worker,
        module_version=version,
        text="a",
        follow_up_on=date(2026, 3, 20),
        outcome="kept",
        followed_up_at=timezone.now(),
    )
    Commitment.objects.create(
        employee=org.water_worker, module_version=version, text="b", follow_up_on=date(2026, 3, 21)
    )
    summary = training_summary(employee=org.water_worker, start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert len(summary["completions"]) == 2
    assert summary["hours"] == Decimal("0.66")
    assert (summary["commitments_total"], summary["commitments_kept"]) == (2, 1)
    assert summary["certificates"] == []
    later = training_summary(employee=org.water_worker, start=date(2026, 4, 1), end=date(2026, 4, 30))
    assert [certificate.program for certificate in later["certificates"]] == [program]
