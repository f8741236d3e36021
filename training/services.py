"""The operations of training. Views, tasks, commands and tests call these; each runs in one transaction."""

import logging
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Department, Employee
from serviceculture import mail
from serviceculture.dates import add_months, local_today
from serviceculture.links import absolute_url
from training.models import (
    CREDITED_STATUSES,
    FOLLOW_UP_AFTER,
    LATE_AFTER,
    Attendance,
    AttendanceStatus,
    Certificate,
    Commitment,
    CommitmentOutcome,
    CompletionVia,
    Module,
    ModuleCompletion,
    ModuleVersion,
    Program,
    Reflection,
    Session,
    SessionFeedback,
)

log = logging.getLogger(__name__)

# The fields of a version an author writes; copied whole into a new draft.
CONTENT_FIELDS = (
    "title", "theme", "duration_minutes", "audience", "objectives", "objectives_minutes", "talking_points",
    "exercise", "exercise_minutes", "tips", "wrap_up_questions", "wrap_up_minutes", "commitment_prompt",
    "closing", "attribution",
)


class CheckInRefused(Exception):
    """Self check-in is not possible; the message says why, in words for the attendee."""


# --- Modules ------------------------------------------------------------------------------------------


@transaction.atomic
def create_module(*, slug: str, content: dict) -> ModuleVersion:
    """A new module with its first version, a draft."""
    module = Module.objects.create(slug=slug)
    return _save_version(ModuleVersion(module=module, number=1), content)


@transaction.atomic
def edit_module(*, module: Module, content: dict) -> ModuleVersion:
    """Change a module. A draft is edited in place; a published version is never touched: the change
    goes into a new draft copied from it, so sessions that used the published one keep what they used."""
    module = Module.objects.select_for_update().get(pk=module.pk)
    latest = module.latest_version()
    if latest is not None and not latest.is_published:
        return _save_version(latest, content)
    number = latest.number + 1 if latest else 1
    draft = ModuleVersion(module=module, number=number)
    if latest is not None:
        for field in CONTENT_FIELDS:
            setattr(draft, field, getattr(latest, field))
    return _save_version(draft, content)


def _save_version(version: ModuleVersion, content: dict) -> ModuleVersion:
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"Not module content: {sorted(unknown)}")
    for field, value in content.items():
        setattr(version, field, value)
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def publish_module(*, module: Module) -> ModuleVersion:
    """Publish the module's draft; from now on it is frozen."""
    draft = ModuleVersion.objects.select_for_update().filter(module=module, status=ModuleVersion.Status.DRAFT).first()
    if draft is None:
        raise ValidationError(_("There is no draft to publish."))
    draft.full_clean()
    draft.status = ModuleVersion.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save(update_fields=["status", "published_at", "updated_at"])
    return draft


# --- Sessions and rosters -----------------------------------------------------------------------------


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
    )
    session.full_clean()
    session.save()
    session.invited_departments.set(invited_departments)
    return session


@transaction.atomic
def add_to_roster(*, session: Session, employees: Iterable[Employee]) -> int:
    """Invite people to a session (those already on the roster are skipped). Returns how many were added."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    on_roster = set(session.attendances.values_list("employee_id", flat=True))
    new = [employee for employee in dict.fromkeys(employees) if employee.pk not in on_roster]
    if len(on_roster) + len(new) > session.capacity:
        raise ValidationError(
            _("The session holds %(capacity)s people; %(count)s are already on the roster.")
            % {"capacity": session.capacity, "count": len(on_roster)}
        )
    Attendance.objects.bulk_create([Attendance(session=session, employee=employee) for employee in new])
    return len(new)


def add_departments_to_roster(*, session: Session, departments: Iterable[Department]) -> int:
    """Invite every active employee of the departments and the divisions below them."""
    employees = Employee.objects.filter(
        active=True, department__in=Department.objects.subtrees(list(departments))
    ).order_by("last_name", "first_name")
    return add_to_roster(session=session, employees=employees)


@transaction.atomic
def remove_from_roster(*, session: Session, employee: Employee) -> None:
    """Take someone off the roster, with anything their attendance earned from this session."""
    Attendance.objects.filter(session=session, employee=employee).delete()
    _sync_session_completions(session=session)


@transaction.atomic
def record_attendance(*, session: Session, statuses: dict[int, str], now: datetime | None = None) -> None:
    """Take attendance: {employee id: status} for people on the roster.

    Attendees present or late are credited the session's hours and a completion of its module, and
    any certificate that completes; correcting someone to absent or excused takes the hours and the
    completion back, and withdraws a certificate that needed it. A fixed number of queries however
    large the roster.
    """
    now = now or timezone.now()
    valid = set(AttendanceStatus.values)
    by_status: dict[str, list[int]] = {}
    for employee_id, status in statuses.items():
        if status not in valid:
            raise ValidationError(_("Unknown attendance status: %(status)s") % {"status": status})
        by_status.setdefault(status, []).append(employee_id)
    rows = Attendance.objects.filter(session=session)
    for status, employee_ids in by_status.items():
        credited = status in CREDITED_STATUSES
        rows.filter(employee_id__in=employee_ids).update(
            status=status, hours_credited=session.hours if credited else 0, updated_at=now
        )
        if credited:
            rows.filter(employee_id__in=employee_ids, checked_in_at__isnull=True).update(checked_in_at=now)
    _sync_session_completions(session=session)
    came = [employee_id for status in CREDITED_STATUSES for employee_id in by_status.get(status, [])]
    _award_certificates_for(came, today=timezone.localdate(session.starts_at))


def _sync_session_completions(*, session: Session) -> None:
    """Completions from a session follow its attendance: one per attendee who came, none for anyone else.
    Certificates that rested on a completion taken back are withdrawn."""
    attended = Attendance.objects.filter(session=session, status__in=CREDITED_STATUSES)
    completed_on = timezone.localdate(session.starts_at)
    taken_back = ModuleCompletion.objects.filter(session=session).exclude(employee_id__in=attended.values("employee_id"))
    lost = list(taken_back.values_list("employee_id", flat=True))
    if lost:
        taken_back.delete()
        _withdraw_certificates_resting_on(
            module_id=session.module_version.module_id,
            employee_ids=lost,
            completed_on=completed_on,
            reason=(
                _("Attendance at “%(session)s” was corrected, so the program is no longer complete.")
                % {"session": session}
            )[:300],
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
def set_check_in(*, session: Session, open: bool) -> None:
    Session.objects.filter(pk=session.pk).update(check_in_open=open, updated_at=timezone.now())


@transaction.atomic
def self_check_in(*, code: str, employee: Employee, now: datetime | None = None) -> Attendance:
    """Check oneself in by the session's QR code: only while check-in is open, and only once.

    People not on the roster may walk in while there is room. A check-in more than ten minutes after
    the start counts as late.
    """
    now = now or timezone.now()
    session = Session.objects.select_for_update().filter(check_in_code=code).first()
    if session is None:
        raise Session.DoesNotExist
    if not session.check_in_open:
        raise CheckInRefused(_("Check-in for this session is closed. Please ask the facilitator."))
    attendance = Attendance.objects.filter(session=session, employee=employee).first()
    if attendance is None:
        if session.attendances.count() >= session.capacity:
            raise CheckInRefused(_("This session is full. Please ask the facilitator."))
        attendance = Attendance.objects.create(session=session, employee=employee)
    status = AttendanceStatus.LATE if now > session.starts_at + LATE_AFTER else AttendanceStatus.PRESENT
    claimed = Attendance.objects.filter(pk=attendance.pk, checked_in_at__isnull=True).update(
        status=status, hours_credited=session.hours, checked_in_at=now, self_checked_in=True, updated_at=now
    )
    if not claimed:
        raise CheckInRefused(_("You are already checked in. Welcome!"))
    _sync_session_completions(session=session)
    _award_certificates_for([employee.pk], today=timezone.localdate(session.starts_at))
    attendance.refresh_from_db()
    return attendance


# --- After the session: reflections, commitments, feedback ---------------------------------------------


def _answers(version: ModuleVersion, answers: list[str]) -> list[dict]:
    return [
        {"question": question, "answer": answer.strip()}
        for question, answer in zip(version.wrap_up_questions, answers, strict=False)
    ]


def _new_commitment(*, employee, version, text, session=None, today=None) -> Commitment | None:
    text = text.strip()
    if not text:
        return None
    return Commitment.objects.create(
        employee=employee,
        session=session,
        module_version=version,
        text=text,
        follow_up_on=(today or local_today()) + FOLLOW_UP_AFTER,
    )


@transaction.atomic
def submit_reflection(
    *, session: Session, employee: Employee, wrap_up_answers: list[str], reflection: str, commitment: str,
    written_on: date | None = None,
) -> Reflection:
    """An attendee's answers after a session, and their commitment (once per session), followed up
    30 days after it was written."""
    if not Attendance.objects.filter(session=session, employee=employee, status__in=CREDITED_STATUSES).exists():
        raise ValidationError(_("Only people who attended the session can answer its questions."))
    version = session.module_version
    saved, _created = Reflection.objects.update_or_create(
        employee=employee,
        session=session,
        defaults={
            "module_version": version,
            "wrap_up_answers": _answers(version, wrap_up_answers),
            "reflection": reflection.strip(),
        },
    )
    if not Commitment.objects.filter(employee=employee, session=session).exists():
        _new_commitment(employee=employee, version=version, text=commitment, session=session, today=written_on)
    return saved


@transaction.atomic
def set_on_wall(*, reflection: Reflection, on_wall: bool) -> None:
    Reflection.objects.filter(pk=reflection.pk).update(on_wall=on_wall, updated_at=timezone.now())


@transaction.atomic
def submit_feedback(
    *, session: Session, employee: Employee, usefulness: int, facilitator_rating: int, comment: str = ""
) -> SessionFeedback:
    if not Attendance.objects.filter(session=session, employee=employee, status__in=CREDITED_STATUSES).exists():
        raise ValidationError(_("Only people who attended the session can give feedback on it."))
    feedback, _created = SessionFeedback.objects.update_or_create(
        session=session,
        employee=employee,
        defaults={"usefulness": usefulness, "facilitator_rating": facilitator_rating, "comment": comment.strip()},
    )
    return feedback


@transaction.atomic
def complete_self_paced(
    *, module_version: ModuleVersion, employee: Employee, wrap_up_answers: list[str], commitment: str,
    today: date | None = None,
) -> ModuleCompletion:
    """An employee finished a module alone: their answers, their commitment, and a completion."""
    if not module_version.is_published:
        raise ValidationError(_("This module is not published yet."))
    today = today or local_today()
    completion, created = ModuleCompletion.objects.get_or_create(
        employee=employee,
        module_version=module_version,
        completed_on=today,
        via=CompletionVia.SELF_PACED,
        defaults={"hours": module_version.hours},
    )
    if created:
        Reflection.objects.create(
            employee=employee, module_version=module_version, wrap_up_answers=_answers(module_version, wrap_up_answers)
        )
        _new_commitment(employee=employee, version=module_version, text=commitment, today=today)
    _award_certificates_for([employee.pk], today=today)
    return completion


# --- Commitments -------------------------------------------------------------------------------------


@transaction.atomic
def record_follow_up(*, commitment: Commitment, outcome: str, note: str = "") -> Commitment:
    """The employee says how their commitment went."""
    if outcome not in CommitmentOutcome.values or outcome == CommitmentOutcome.PENDING:
        raise ValidationError(_("Choose how it went: kept, partly or not yet."))
    commitment.outcome = outcome
    commitment.outcome_note = note.strip()
    commitment.followed_up_at = timezone.now()
    commitment.save(update_fields=["outcome", "outcome_note", "followed_up_at", "updated_at"])
    return commitment


def send_follow_up_reminders(*, today: date | None = None) -> int:
    """Email everyone whose commitment is due for follow-up (and their supervisor). Returns emails sent.

    Each reminder is sent under a lease (serviceculture/mail.py): two runs at once, or a run repeated,
    send one email per commitment; a failed send is given back for the next run; a reminder whose worker
    died mid-send is sent by the first run after its lease ends. Beat runs this every 15 minutes.
    """
    today = today or local_today()
    due = list(Commitment.objects.due(today).awaiting_reminder().values_list("pk", flat=True).order_by("pk"))
    sent = 0
    for commitment_id in due:
        try:
            sent += _remind(commitment_id, today=today)
        except Exception:  # the SMTP server may refuse anything; the next run tries again
            log.exception("follow-up reminder for commitment %s failed", commitment_id)
    return sent


def _remind(commitment_id: int, *, today: date) -> bool:
    def send() -> bool:
        return _send_reminder(
            Commitment.objects.select_related("employee__supervisor", "module_version").get(pk=commitment_id)
        )

    return mail.send_once(
        Commitment.objects.filter(pk=commitment_id).due(today),
        sent="reminder_sent_at",
        lease="reminder_sending_until",
        send=send,
    )


def _send_reminder(commitment: Commitment) -> bool:
    """Email the employee and their supervisor; False when neither has an address (it stays unsent)."""
    employee = commitment.employee
    supervisor = employee.supervisor
    supervisor_email = supervisor.work_email if supervisor else ""
    recipients = [address for address in (employee.work_email, supervisor_email) if address]
    if not recipients:
        return False
    context = {
        "commitment": commitment,
        "employee": employee,
        "supervisor_copied": bool(supervisor_email),
        "url": absolute_url(commitment.get_absolute_url()),
    }
    send_mail(
        subject=_("How did your commitment go?"),
        message=render_to_string("training/email/follow_up.txt", context),
        from_email=None,
        recipient_list=recipients,
    )
    return True


# --- Programs and certificates -----------------------------------------------------------------------


def _award_certificates_for(employee_ids: Collection[int], *, today: date) -> None:
    """Certify the employees as ambassadors of every program whose required modules they completed.

    Without a renewal period a certificate is for good and is issued once. With one, a new certificate
    needs every module completed again after the last certificate was issued, each within the renewal
    period. The certificate is dated the day the set became complete (completions up to `today` count).
    A fixed number of queries however many employees.
    """
    employee_ids = set(employee_ids)
    programs = [program for program in Program.objects.prefetch_related("program_modules") if program.program_modules.all()]
    required = {module.module_id for program in programs for module in program.program_modules.all()}
    if not employee_ids or not required:
        return
    last_standing = {
        (certificate.employee_id, certificate.program_id): certificate
        for certificate in Certificate.objects.standing().filter(employee_id__in=employee_ids).order_by("issued_on")
    }
    days = defaultdict(list)
    for employee_id, module_id, day in ModuleCompletion.objects.filter(
        employee_id__in=employee_ids, module_version__module_id__in=required, completed_on__lte=today
    ).values_list("employee_id", "module_version__module_id", "completed_on"):
        days[employee_id, module_id].append(day)
    earned = [
        certificate
        for employee_id in employee_ids
        for program in programs
        if (certificate := _earned(employee_id, program, days, last_standing.get((employee_id, program.pk)), today))
    ]
    if not earned:
        return
    Certificate.objects.bulk_create(earned, ignore_conflicts=True)
    # The same completions restored (attendance corrected back) reinstate the certificate they had earned.
    same_day = Q()
    for certificate in earned:
        same_day |= Q(employee_id=certificate.employee_id, program=certificate.program, issued_on=certificate.issued_on)
    Certificate.objects.filter(same_day, withdrawn_at__isnull=False).update(
        withdrawn_at=None, withdrawal_reason="", updated_at=timezone.now()
    )


def _earned(employee_id: int, program: Program, days: dict, last: Certificate | None, today: date) -> Certificate | None:
    """The certificate the employee's completion days earn in the program, or None."""
    if last and not program.renewal_months:
        return None
    window_opens = add_months(today, -program.renewal_months) if program.renewal_months else None
    first_by_module = {}
    for link in program.program_modules.all():
        counted = [
            day for day in days[employee_id, link.module_id]
            if (last is None or day > last.issued_on) and (window_opens is None or day > window_opens)
        ]
        if not counted:
            return None
        first_by_module[link.module_id] = min(counted)
    issued_on = max(first_by_module.values())
    expires_on = add_months(issued_on, program.renewal_months) if program.renewal_months else None
    return Certificate(employee_id=employee_id, program=program, issued_on=issued_on, expires_on=expires_on)


def _withdraw_certificates_resting_on(
    *, module_id: int, employee_ids: Collection[int], completed_on: date, reason: str
) -> None:
    """After completions of a module were taken back: withdraw the standing certificates that needed them.

    A certificate still stands when another completion of the module falls inside its window
    (on or before its issue date, and within the renewal period before it).
    """
    certificates = list(
        Certificate.objects.standing()
        .filter(employee_id__in=employee_ids, issued_on__gte=completed_on, program__program_modules__module_id=module_id)
        .select_related("program")
    )
    if not certificates:
        return
    remaining = defaultdict(list)
    for employee_id, day in ModuleCompletion.objects.filter(
        employee_id__in=employee_ids, module_version__module_id=module_id
    ).values_list("employee_id", "completed_on"):
        remaining[employee_id].append(day)
    unsupported = [
        certificate.pk for certificate in certificates
        if not any(_inside_window(day, certificate) for day in remaining[certificate.employee_id])
    ]
    now = timezone.now()
    Certificate.objects.filter(pk__in=unsupported).update(withdrawn_at=now, withdrawal_reason=reason, updated_at=now)


def _inside_window(day: date, certificate: Certificate) -> bool:
    renewal = certificate.program.renewal_months
    return day <= certificate.issued_on and (not renewal or day > add_months(certificate.issued_on, -renewal))
