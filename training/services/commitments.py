"""Commitments: written after a session or a self-paced module, followed up 30 days later, with an email
reminder to the employee (and their supervisor) when the follow-up is due."""

import logging
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Employee
from serviceculture import mail
from serviceculture.dates import local_today
from serviceculture.links import absolute_url
from training.models import FOLLOW_UP_AFTER, Commitment, CommitmentOutcome, ModuleVersion, Session

log = logging.getLogger(__name__)


def new_commitment(
    *,
    employee: Employee,
    version: ModuleVersion,
    text: str,
    session: Session | None = None,
    today: date | None = None,
) -> Commitment | None:
    """The commitment an employee wrote (none when they left it empty), due for follow-up in 30 days.
    Runs inside the caller's transaction."""
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
def record_follow_up(*, commitment: Commitment, outcome: str, note: str = "", by: User) -> Commitment:
    """Someone (the employee, on their follow-up page) says how the commitment went."""
    if outcome not in CommitmentOutcome.values or outcome == CommitmentOutcome.PENDING:
        raise ValidationError({"outcome": _("Choose how it went: kept, partly or not yet.")}, code="no_outcome")
    commitment.outcome = outcome
    commitment.outcome_note = note.strip()
    commitment.followed_up_at = timezone.now()
    commitment.followed_up_by = by
    commitment.save(update_fields=["outcome", "outcome_note", "followed_up_at", "followed_up_by", "updated_at"])
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
