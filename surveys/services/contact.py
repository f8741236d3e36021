"""A resident's contact details after they asked to be contacted: the email that tells them their request
arrived, and taking the details back.

The rules:

- A resident who asks to be contacted and gives an email address gets one email, in the language they
  answered in, saying which department has their request. It is sent under a lease (serviceculture/mail.py)
  by the task that sends the representative's email (surveys.send_contact_email, queued after commit, never
  on the submit path); the periodic resend job sends it when the broker was down, but only for requests of the last RESIDENT_EMAIL_WITHIN (a note that a
  request arrived is no use a week later, and rows stored before this email existed are never mailed).
- Every email a resident gets about their follow-up carries the take-back link, `take_back_url(response)`
  (the email templates include surveys/email/_take_back.txt).
- The link is a signature (django.core.signing.Signer, salt TAKE_BACK_SALT) of the response's number, not a stored
  random token. The same link must go in every email about a response, whenever it is sent (a retry, a later
  email): a token kept only as a hash could not be written into a second email, and one kept in clear would
  be a secret in the database. A signature needs no column, cannot be guessed or forged without SECRET_KEY
  (a wrong or altered one is the same 404 as no link, so there is nothing to enumerate), never expires (it
  works after the follow-up is answered), and its salt makes it useless as anything else and every other
  signature of the site useless here. Rotating SECRET_KEY voids the links unless the old key stays in
  SECRET_KEY_FALLBACKS. What the link reveals is the response's number, which says nothing about anyone.
- Taking back (`withdraw_contact`) empties the name, email and phone in one statement, records when, takes
  the same details out of the staff's follow-up notes on that response, and writes a TriageEvent with no
  actor and no personal data. Doing it again changes nothing and says so.
- The thank-you page tells a resident who asked to be contacted when to expect it (`reply_promise`): within
  settings.RESIDENT_REPLY_WORKING_DAYS working days (Monday to Friday) of the day they answered, and the date
  that falls on. No department or service standard records a reply target of its own (standards measure the
  service itself: waits, repairs, satisfaction), so the setting is the one promise for every department.
- Afterwards nobody emails the resident about the response: the representative's email and the resident's
  own are no longer owed (Response.objects.awaiting_*), the follow-up list drops the response, and staff see
  "the resident withdrew their contact details on <date>" where the details were.
"""

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from serviceculture import mail
from serviceculture.dates import add_working_days, local_today
from serviceculture.links import absolute_url
from surveys.models import Response, TriageAction, TriageEvent

log = logging.getLogger(__name__)

TAKE_BACK_SALT = "surveys.contact.take-back"
RESIDENT_EMAIL_WITHIN = timedelta(days=2)
WITHDRAWN_MARKER = "[withdrawn]"


@dataclass(frozen=True)
class ReplyPromise:
    working_days: int
    by: date


def reply_promise(today: date | None = None) -> ReplyPromise:
    """When a resident who asked to be contacted today should hear back."""
    days = settings.RESIDENT_REPLY_WORKING_DAYS
    return ReplyPromise(working_days=days, by=add_working_days(today or local_today(), days))


# --- The take-back link ---------------------------------------------------------------------------------


def take_back_token(response: Response) -> str:
    """The same token every time for a response (no timestamp: the link never expires)."""
    return signing.Signer(salt=TAKE_BACK_SALT).sign_object(response.pk)


def take_back_url(response: Response) -> str:
    """The public address of the page where the resident takes back their contact details."""
    return absolute_url(reverse("surveys_public:take_back", args=[take_back_token(response)]))


def response_for_take_back(token: str) -> Response | None:
    """The response a take-back token names; None for a token this site did not sign for this purpose, or a
    response that is gone or never asked for contact."""
    try:
        pk = signing.Signer(salt=TAKE_BACK_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        # ValueError: a signature that holds, over a value that is no object (a timestamped signature made with
        # this salt carries its timestamp in the value). This site never makes one; refuse it all the same.
        return None
    if not isinstance(pk, int):
        return None
    return Response.objects.filter(pk=pk, wants_contact=True, deleted_at__isnull=True).first()


# --- Taking the details back ----------------------------------------------------------------------------


def withdraw_contact(*, response: Response) -> bool:
    """Empty the resident's name, email and phone on `response` and record when. Returns False when they were
    already withdrawn (nothing changes). The resident acts for themselves, so there is no `by`."""
    with transaction.atomic():
        row = Response.objects.select_for_update().get(pk=response.pk)
        if row.contact_withdrawn_at is not None:
            response.contact_withdrawn_at = row.contact_withdrawn_at
            return False
        given = [row.contact_name, row.contact_email, row.contact_phone]
        now = timezone.now()
        Response.objects.filter(pk=row.pk).update(
            contact_name="",
            contact_email="",
            contact_phone="",
            contact_withdrawn_at=now,
            updated_at=now,
        )
        _redact_follow_up_notes(row, given)
        TriageEvent.objects.create(response=row, actor=None, at=now, action=TriageAction.CONTACT_WITHDRAWN)
    response.refresh_from_db()
    log.info("response %s: the resident withdrew their contact details", response.pk)
    return True


def _redact_follow_up_notes(response: Response, given: list[str]) -> None:
    """Staff notes ("called Ana Ruiz on 555-...") may repeat the details; take them out of this response's."""
    patterns = [re.escape(value.strip()) for value in given if len(value.strip()) >= 3]
    if not patterns:
        return
    pattern = re.compile("|".join(patterns), re.IGNORECASE)
    events = TriageEvent.objects.filter(response=response, action=TriageAction.FOLLOW_UP)
    for event in events:
        redacted = pattern.sub(WITHDRAWN_MARKER, event.detail)[:200]
        if redacted != event.detail:
            TriageEvent.objects.filter(pk=event.pk).update(detail=redacted)


# --- The email to the resident ----------------------------------------------------------------------------


def email_resident(*, response_id: int) -> bool:
    """Send the resident's email once, under a lease. Returns whether this call sent it."""
    return mail.send_once(
        Response.objects.filter(pk=response_id).awaiting_resident_email(),
        sent="resident_email_sent_at",
        lease="resident_email_sending_until",
        send=lambda: _send_resident_email(response_id),
    )


def _send_resident_email(response_id: int) -> bool:
    response = Response.objects.select_related("department", "service_point").get(pk=response_id)
    if not response.contact_email:
        return False
    context = {"response": response, "take_back_link": take_back_url(response)}
    with translation.override(response.language):
        subject = _("We have your request to be contacted (%(department)s)") % {"department": response.department}
        message = render_to_string("surveys/email/resident_request_received.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[response.contact_email])
    return True


def resend_resident_emails() -> int:
    """Residents' emails never queued (a broker outage) or failed, for requests of the last RESIDENT_EMAIL_WITHIN
    older than RESEND_AFTER (the newest are left to their queued task). Returns how many were sent."""
    from surveys.triage import RESEND_AFTER, send_each

    now = timezone.now()
    rows = Response.objects.awaiting_resident_email().filter(
        submitted_at__gte=now - RESIDENT_EMAIL_WITHIN, submitted_at__lt=now - RESEND_AFTER
    )
    return send_each(list(rows.values_list("pk", flat=True)), email_resident, "resident's email")
