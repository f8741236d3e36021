"""What learners write and earn after a session or a self-paced module: wrap-up answers, reflections,
commitments, feedback and completions; and the trainer's choice of reflections for the session wall."""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Employee
from serviceculture.dates import local_today
from training.models import (
    CREDITED_STATUSES,
    Attendance,
    Commitment,
    CompletionVia,
    ModuleCompletion,
    ModuleVersion,
    Reflection,
    Session,
    SessionFeedback,
)
from training.services.certificates import award_certificates_for
from training.services.commitments import new_commitment


def _answers(version: ModuleVersion, answers: list[str]) -> list[dict]:
    return [
        {"question": question, "answer": answer.strip()}
        for question, answer in zip(version.wrap_up_questions, answers, strict=False)
    ]


def _attended(session: Session, employee: Employee) -> bool:
    return Attendance.objects.filter(session=session, employee=employee, status__in=CREDITED_STATUSES).exists()


@transaction.atomic
def submit_reflection(
    *,
    session: Session,
    employee: Employee,
    wrap_up_answers: list[str],
    reflection: str,
    commitment: str,
    written_on: date | None = None,
) -> Reflection:
    """An attendee's answers after a session, and their commitment (once per session), followed up
    30 days after it was written. The attendee is the one who acts."""
    if not _attended(session, employee):
        raise ValidationError(_("Only people who attended the session can answer its questions."), code="not_attended")
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
        new_commitment(employee=employee, version=version, text=commitment, session=session, today=written_on)
    return saved


@transaction.atomic
def set_on_wall(*, reflection: Reflection, on_wall: bool, by: User) -> None:
    """The trainer shows a reflection on the session wall (without its author's name) or takes it off."""
    Reflection.objects.filter(pk=reflection.pk).update(on_wall=on_wall, on_wall_by=by, updated_at=timezone.now())


@transaction.atomic
def submit_feedback(
    *, session: Session, employee: Employee, usefulness: int, facilitator_rating: int, comment: str = ""
) -> SessionFeedback:
    """An attendee rates the session and its facilitator (once; a second answer replaces the first)."""
    if not _attended(session, employee):
        raise ValidationError(_("Only people who attended the session can give feedback on it."), code="not_attended")
    feedback, _created = SessionFeedback.objects.update_or_create(
        session=session,
        employee=employee,
        defaults={"usefulness": usefulness, "facilitator_rating": facilitator_rating, "comment": comment.strip()},
    )
    return feedback


@transaction.atomic
def complete_self_paced(
    *,
    module_version: ModuleVersion,
    employee: Employee,
    wrap_up_answers: list[str],
    commitment: str,
    today: date | None = None,
) -> ModuleCompletion:
    """An employee finished a module alone: their answers, their commitment, and a completion."""
    if not module_version.is_published:
        raise ValidationError(_("This module is not published yet."), code="not_published")
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
        new_commitment(employee=employee, version=module_version, text=commitment, today=today)
    award_certificates_for([employee.pk], today=today)
    return completion
