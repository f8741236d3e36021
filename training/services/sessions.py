"""Sessions: scheduling, the roster, attendance taken by the trainer and self check-in by QR code.

Attendance decides what a session earns: attendees present or late are credited its hours and a completion
of its module (and any certificate that completes); a correction to absent or excused, or taking someone off
the roster, takes them back. Every roster and attendance change records who made it (`recorded_by`).

Attendance is taken, and self check-in opened and used, only from `Session.attendance_opens_at`
(settings.ATTENDANCE_OPENS_MINUTES_BEFORE the start) on; earlier, the refusal is a ValidationError with the
code "attendance_not_open" that says when it opens. Afterwards it stays open for corrections.
"""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from org.models import Department, Employee
from training.models import (
    CREDITED_STATUSES,
    LATE_AFTER,
    Attendance,
    AttendanceStatus,
    CompletionVia,
    ModuleCompletion,
    ModuleVersion,
    Session,
)
from training.services.certificates import award_certificates_for, withdraw_certificates_resting_on


@transaction.atomic
def schedule_session(
    *,
    module_version: ModuleVersion,
    facilitator: Employee,
    starts_at: datetime,
    location: str = "",
    video_link: str = "",
    capacity: int = 20,
    duration_minutes: int | None = None,
    invited_departments: Iterable[Department] = (),
    reflection_prompt: str = "",
    by: User,
) -> Session:
    session = Session(
        module_version=module_version,
        facilitator=facilitator,
        starts_at=starts_at,
        duration_minutes=duration_minutes or module_version.duration_minutes,
        location=location,
        video_link=video_link,
        capacity=capacity,
        reflection_prompt=reflection_prompt,
        scheduled_by=by,
    )
    session.full_clean()
    session.save()
    session.invited_departments.set(invited_departments)
    return session


@transaction.atomic
def add_to_roster(*, session: Session, employees: Iterable[Employee], by: User) -> int:
    """Invite people to a session (those already on the roster are skipped). Returns how many were added."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    on_roster = set(session.attendances.values_list("employee_id", flat=True))
    new = [employee for employee in dict.fromkeys(employees) if employee.pk not in on_roster]
    if len(on_roster) + len(new) > session.capacity:
        raise ValidationError(
            _("The session holds %(capacity)s people; %(count)s are already on the roster.")
            % {"capacity": session.capacity, "count": len(on_roster)},
            code="full",
        )
    Attendance.objects.bulk_create([Attendance(session=session, employee=employee, recorded_by=by) for employee in new])
    return len(new)


def add_departments_to_roster(*, session: Session, departments: Iterable[Department], by: User) -> int:
    """Invite every active employee of the departments and the divisions below them."""
    employees = Employee.objects.filter(
        active=True, department__in=Department.objects.subtrees(list(departments))
    ).order_by("last_name", "first_name")
    return add_to_roster(session=session, employees=employees, by=by)


@transaction.atomic
def remove_from_roster(*, session: Session, employee: Employee, by: User) -> None:
    """Take someone off the roster, with anything their attendance earned from this session."""
    Attendance.objects.filter(session=session, employee=employee).delete()
    _sync_session_completions(session=session, by=by)


@transaction.atomic
def record_attendance(*, session: Session, statuses: dict[int, str], by: User, now: datetime | None = None) -> None:
    """Take attendance: {employee id: status} for people on the roster.

    Attendees present or late are credited the session's hours and a completion of its module, and
    any certificate that completes; correcting someone to absent or excused takes the hours and the
    completion back, and withdraws a certificate that needed it. A fixed number of queries however
    large the roster.
    """
    now = now or timezone.now()
    ensure_attendance_open(session, now=now)
    valid = set(AttendanceStatus.values)
    by_status: dict[str, list[int]] = {}
    for employee_id, status in statuses.items():
        if status not in valid:
            raise ValidationError(
                _("Unknown attendance status: %(status)s") % {"status": status}, code="unknown_status"
            )
        by_status.setdefault(status, []).append(employee_id)
    rows = Attendance.objects.filter(session=session)
    for status, employee_ids in by_status.items():
        credited = status in CREDITED_STATUSES
        rows.filter(employee_id__in=employee_ids).update(
            status=status, hours_credited=session.hours if credited else 0, recorded_by=by, updated_at=now
        )
        if credited:
            rows.filter(employee_id__in=employee_ids, checked_in_at__isnull=True).update(checked_in_at=now)
    _sync_session_completions(session=session, by=by)
    came = [employee_id for status in CREDITED_STATUSES for employee_id in by_status.get(status, [])]
    award_certificates_for(came, today=timezone.localdate(session.starts_at))


def ensure_attendance_open(session: Session, *, now: datetime) -> None:
    """Refuse attendance and check-in before `session.attendance_opens_at`, saying when it opens."""
    if session.attendance_open(now):
        return
    raise ValidationError(
        _("Attendance for this session opens at %(time)s, %(minutes)s minutes before it starts.")
        % {
            "time": formats.date_format(timezone.localtime(session.attendance_opens_at), "DATETIME_FORMAT"),
            "minutes": settings.ATTENDANCE_OPENS_MINUTES_BEFORE,
        },
        code="attendance_not_open",
    )


@transaction.atomic
def mark_all_present(*, session: Session, by: User, now: datetime | None = None) -> int:
    """Record as present everyone on the roster whose attendance is not taken yet; the trainer then marks the
    exceptions. People already recorded (late, absent, excused, or checked in by QR code) keep what was
    recorded, so pressing it twice, or after marking an exception, changes nothing. Returns how many it marked.
    """
    now = now or timezone.now()
    session = Session.objects.select_for_update().select_related("module_version").get(pk=session.pk)
    ensure_attendance_open(session, now=now)
    waiting = list(session.attendances.filter(status=AttendanceStatus.INVITED).values_list("employee_id", flat=True))
    if waiting:
        record_attendance(
            session=session, statuses=dict.fromkeys(waiting, AttendanceStatus.PRESENT.value), by=by, now=now
        )
    return len(waiting)


def _sync_session_completions(*, session: Session, by: User) -> None:
    """Completions from a session follow its attendance: one per attendee who came, none for anyone else.
    Certificates that rested on a completion taken back are withdrawn, in the name of `by`."""
    attended = Attendance.objects.filter(session=session, status__in=CREDITED_STATUSES)
    completed_on = timezone.localdate(session.starts_at)
    taken_back = ModuleCompletion.objects.filter(session=session).exclude(
        employee_id__in=attended.values("employee_id")
    )
    lost = list(taken_back.values_list("employee_id", flat=True))
    if lost:
        taken_back.delete()
        withdraw_certificates_resting_on(
            module_id=session.module_version.module_id,
            employee_ids=lost,
            completed_on=completed_on,
            reason=(
                _("Attendance at “%(session)s” was corrected, so the program is no longer complete.")
                % {"session": session}
            )[:300],
            by=by,
        )
    ModuleCompletion.objects.bulk_create(
        [
            ModuleCompletion(
                employee_id=employee_id,
                module_version_id=session.module_version_id,
                session=session,
                completed_on=completed_on,
                via=CompletionVia.SESSION,
                hours=session.hours,
            )
            for employee_id in attended.values_list("employee_id", flat=True)
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def set_check_in(*, session: Session, open: bool, by: User, now: datetime | None = None) -> None:
    """The trainer opens or closes self check-in by QR code; it opens only once attendance does."""
    now = now or timezone.now()
    if open:
        ensure_attendance_open(session, now=now)
    Session.objects.filter(pk=session.pk).update(check_in_open=open, check_in_set_by=by, updated_at=now)


@transaction.atomic
def self_check_in(*, code: str, employee: Employee, by: User, now: datetime | None = None) -> Attendance:
    """Check oneself in by the session's QR code: only while check-in is open, and only once.

    People not on the roster may walk in while there is room. A check-in more than ten minutes after
    the start counts as late. A refusal is a ValidationError whose code says why: "closed",
    "attendance_not_open", "full" or "already_checked_in" (the last one is good news for the attendee).
    """
    now = now or timezone.now()
    session = Session.objects.select_for_update().get(check_in_code=code)  # the page already said 404
    if not session.check_in_open:
        raise ValidationError(_("Check-in for this session is closed. Please ask the facilitator."), code="closed")
    ensure_attendance_open(session, now=now)
    attendance = Attendance.objects.filter(session=session, employee=employee).first()
    if attendance is None:
        if session.attendances.count() >= session.capacity:
            raise ValidationError(_("This session is full. Please ask the facilitator."), code="full")
        attendance = Attendance.objects.create(session=session, employee=employee, recorded_by=by)
    status = AttendanceStatus.LATE if now > session.starts_at + LATE_AFTER else AttendanceStatus.PRESENT
    claimed = Attendance.objects.filter(pk=attendance.pk, checked_in_at__isnull=True).update(
        status=status,
        hours_credited=session.hours,
        checked_in_at=now,
        self_checked_in=True,
        recorded_by=by,
        updated_at=now,
    )
    if not claimed:
        raise ValidationError(_("You are already checked in. Welcome!"), code="already_checked_in")
    _sync_session_completions(session=session, by=by)
    award_certificates_for([employee.pk], today=timezone.localdate(session.starts_at))
    attendance.refresh_from_db()
    return attendance
