"""Inviting a resident to rate one transaction, at the moment of service, when another system asks (the API) or an
office uploads its transactions (surveys/services/invitation_upload.py).

Rules:
- Every request counts one transaction at the service point on today's local date and channel (TransactionDay).
- Sampling: a service point with `invite_one_in` = N invites after the 1st, (N+1)th, (2N+1)th ... transaction of
  each day and channel; the others are counted but not invited. N = 1 invites every time.
- Suppression: an address invited (by any system, at any service point) in the last SURVEY_INVITATION_QUIET_DAYS
  days is not invited again. Only a salted hash of the address is kept for that (serviceculture/addresses.py);
  the address itself is kept only until the email is sent, and blanked as soon as it is.
- An invitation is a single-use link to the survey offered at the service point (its newest active link to a
  live residents' survey), carrying the transaction's channel; without such a survey the request is refused.
- The email goes out once, in the resident's language, through Celery after commit, under the lease of
  serviceculture/mail.py; while the broker is down the periodic job (surveys-resend-invitations) sends it.
- Reminders (SURVEY_INVITATION_REMINDER_DAYS, 0 = none): with N days, a resident who has not answered N days
  after the email gets one reminder (surveys-send-invitation-reminders, hourly), sent once the same way. The
  address is then kept until the reminder is sent or the survey answered (submit_response blanks it), and no
  longer; with reminders off it goes as soon as the first email is sent, and the hourly job blanks any address
  a change of the setting left behind.
- Requests for one service point, day and channel are serialised by a row lock on their TransactionDay, which
  also keeps two simultaneous requests for one address there from both inviting it.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ApiToken
from org.models import Channel, ServicePoint
from serviceculture import mail
from serviceculture.addresses import salted_hash
from serviceculture.outages import queue_task
from surveys.models import Audience, LinkKind, Survey, SurveyInvitation, SurveyLink, SurveyStatus, TransactionDay
from surveys.services.links import create_links

log = logging.getLogger(__name__)

INVITED = "invited"
SAMPLED_OUT = "sampled_out"  # not this transaction's turn (invite_one_in)
RECENTLY_INVITED = "recently_invited"  # the address was invited within the quiet period
RESEND_AFTER = timedelta(minutes=10)
UPLOAD_LABEL = "CSV upload"
EMAIL_MAX_LENGTH = 254  # SurveyInvitation.email; validate_email alone lets through addresses of up to 320


@dataclass(frozen=True)
class InvitationOutcome:
    outcome: str
    invitation: SurveyInvitation | None = None


def survey_offered_at(service_point: ServicePoint) -> Survey | None:
    """The live residents' survey most recently linked at the service point (by an active link), if it takes
    answers today."""
    survey = (
        Survey.objects.filter(
            links__service_point=service_point,
            links__active=True,
            status=SurveyStatus.LIVE,
            audience=Audience.RESIDENTS,
        )
        .order_by("-links__created_at")
        .first()
    )
    return survey if survey is not None and survey.accepts_answers() else None


def address_key(email: str) -> str:
    return salted_hash("survey-invitation", email.strip().lower())


def check_invitation(*, service_point: ServicePoint, channel: str, email: str, language: str) -> Survey:
    """The survey an invitation would lead to; ValidationError naming each field that is wrong."""
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values:
        errors["channel"] = [_("Choose one of: %(choices)s.") % {"choices": ", ".join(Channel.values)}]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Choose one of: %(choices)s.") % {"choices": ", ".join(dict(settings.LANGUAGES))}]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid email address.")]
        else:
            if len(email) > EMAIL_MAX_LENGTH:
                errors["email"] = [_("Enter a valid email address.")]
    survey = survey_offered_at(service_point) if service_point.active else None
    if survey is None:
        errors["service_point"] = [_("No survey is taking answers at this service point.")]
    if errors:
        raise ValidationError(errors)
    assert survey is not None
    return survey


def _count_transaction(service_point: ServicePoint, channel: str) -> TransactionDay:
    """Today's row for the service point and channel, locked, with this transaction counted."""
    day, _created = TransactionDay.objects.get_or_create(
        service_point=service_point, day=timezone.localdate(), channel=channel
    )
    day = TransactionDay.objects.select_for_update().get(pk=day.pk)
    day.transactions += 1
    day.save(update_fields=["transactions"])
    return day


def _recently_invited(address_hash: str) -> bool:
    since = timezone.now() - timedelta(days=settings.SURVEY_INVITATION_QUIET_DAYS)
    return SurveyInvitation.objects.filter(address_hash=address_hash, created_at__gte=since).exists()


def invite(
    *,
    service_point: ServicePoint,
    channel: str,
    token: ApiToken | None,
    email: str = "",
    language: str = "en",
    by: User | None = None,
) -> InvitationOutcome:
    """Count a transaction and, unless sampling or suppression leaves it out, make its single-use link and
    (with an address) queue the email. Who acted: `token`, the API token that asked, or `by`, the person who
    uploaded the invitations (surveys/services/invitation_upload.py)."""
    email = email.strip()
    survey = check_invitation(service_point=service_point, channel=channel, email=email, language=language)
    with transaction.atomic():
        day = _count_transaction(service_point, channel)
        if (day.transactions - 1) % max(1, service_point.invite_one_in):
            return InvitationOutcome(SAMPLED_OUT)
        address_hash = address_key(email) if email else ""
        if address_hash and _recently_invited(address_hash):
            return InvitationOutcome(RECENTLY_INVITED)
        [link] = create_links(
            survey=survey,
            service_point=service_point,
            by=by,
            kind=LinkKind.SINGLE_USE,
            channel=channel,
            label=f"API: {token.name}"[:100] if token else UPLOAD_LABEL,
        )
        invitation = SurveyInvitation.objects.create(
            link=link,
            service_point=service_point,
            channel=channel,
            language=language,
            email=email,
            address_hash=address_hash,
            token=token,
        )
        TransactionDay.objects.filter(pk=day.pk).update(invited=F("invited") + 1)
        if email:
            transaction.on_commit(lambda: queue_invitation_email(invitation_id=invitation.pk))
    return InvitationOutcome(INVITED, invitation)


def queue_invitation_email(*, invitation_id: int) -> bool:
    """Hand the email to Celery; while the broker is down the resend job sends it."""
    from surveys.tasks import send_invitation_email

    return queue_task(send_invitation_email, args=[invitation_id])


def email_invitation(*, invitation_id: int) -> bool:
    """Send the invitation's email once (serviceculture/mail.py). Returns whether this call sent it."""
    return mail.send_once(
        SurveyInvitation.objects.filter(pk=invitation_id).awaiting_email(),
        sent="email_sent_at",
        lease="email_sending_until",
        send=lambda: _send_invitation_email(invitation_id),
    )


def _send_invitation_email(invitation_id: int) -> bool:
    invitation = SurveyInvitation.objects.select_related("link__survey", "service_point__department").get(
        pk=invitation_id
    )
    if not invitation.email:
        return False
    _mail(invitation, reminder=False)
    if not settings.SURVEY_INVITATION_REMINDER_DAYS:
        # The address was needed for this one message: it goes now. Were the worker to die before this UPDATE,
        # the row would still owe its email and a second one could go out; after it, nothing can be sent again.
        SurveyInvitation.objects.filter(pk=invitation_id).update(email="")
    return True


def _mail(invitation: SurveyInvitation, *, reminder: bool) -> None:
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "link": invitation.link.public_url,
            "agency": settings.AGENCY_NAME,
            "reminder": reminder,
        }
        if reminder:
            subject = _("A reminder: how did we do? A short survey from %(agency)s")
        else:
            subject = _("How did we do? A short survey from %(agency)s")
        send_mail(
            subject=subject % {"agency": settings.AGENCY_NAME},
            message=render_to_string("surveys/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )


def remind_invitation(*, invitation_id: int) -> bool:
    """Send the invitation's one reminder once, then forget the address. Returns whether this call sent it."""
    sent_before = timezone.now() - timedelta(days=settings.SURVEY_INVITATION_REMINDER_DAYS)
    return mail.send_once(
        SurveyInvitation.objects.filter(pk=invitation_id).awaiting_reminder(sent_before),
        sent="reminder_sent_at",
        lease="reminder_sending_until",
        send=lambda: _send_reminder(invitation_id),
    )


def _send_reminder(invitation_id: int) -> bool:
    invitation = SurveyInvitation.objects.select_related("link__survey", "service_point__department").get(
        pk=invitation_id
    )
    if not invitation.email or invitation.link.used_at is not None:
        return False
    _mail(invitation, reminder=True)
    SurveyInvitation.objects.filter(pk=invitation_id).update(email="")
    return True


def send_invitation_reminders() -> int:
    """Send the reminders that are due; with reminders off, blank the addresses still kept for them."""
    days = settings.SURVEY_INVITATION_REMINDER_DAYS
    if not days:
        SurveyInvitation.objects.exclude(email="").filter(email_sent_at__isnull=False).update(email="")
        return 0
    due = SurveyInvitation.objects.awaiting_reminder(timezone.now() - timedelta(days=days))
    sent = 0
    for invitation_id in list(due.values_list("pk", flat=True)):
        try:
            sent += remind_invitation(invitation_id=invitation_id)
        except Exception:
            log.warning("reminder for invitation %s failed; will retry", invitation_id, exc_info=True)
    return sent


def forget_address_of_answered(*, link: SurveyLink) -> None:
    """The resident answered: an address kept for a reminder is no longer needed."""
    SurveyInvitation.objects.filter(link=link).exclude(email="").update(email="")


def resend_invitation_emails() -> int:
    """Send what was never queued, failed, or whose worker died (after its lease). The last RESEND_AFTER minutes
    are left to the queued tasks."""
    cutoff = timezone.now() - RESEND_AFTER
    ids = list(SurveyInvitation.objects.awaiting_email().filter(created_at__lt=cutoff).values_list("pk", flat=True))
    sent = 0
    for invitation_id in ids:
        try:
            sent += email_invitation(invitation_id=invitation_id)
        except Exception:
            log.warning("invitation email %s failed; will retry", invitation_id, exc_info=True)
    return sent
