"""What staff do with responses: status, flags, spam, archive, tags, deletion, compliments, follow-ups.

Every action takes who acted as `by=` and writes a TriageEvent (who, when, what) in the same transaction as
the change (the event's `actor` column holds `by`). We keep
our own event table rather than django-simple-history: bulk actions change many rows in one UPDATE
(history only sees save()), tags are many-to-many, and the inbox needs "who did what" as one plain,
indexed list per response, not a diff of snapshots that also records every resident's submission.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Department, Employee
from serviceculture import mail
from serviceculture.links import absolute_url
from surveys.masking import mask_personal_data
from surveys.models import (
    Compliment,
    ComplimentStatus,
    Response,
    ResponseStatus,
    Tag,
    TriageAction,
    TriageEvent,
)

log = logging.getLogger(__name__)

# action -> (field, value) for the simple switches
SWITCHES: dict[str, tuple[str, bool]] = {
    TriageAction.FLAG: ("flagged", True),
    TriageAction.UNFLAG: ("flagged", False),
    TriageAction.SPAM: ("is_spam", True),
    TriageAction.NOT_SPAM: ("is_spam", False),
    TriageAction.ARCHIVE: ("archived", True),
    TriageAction.UNARCHIVE: ("archived", False),
}


def _record(response_ids: list[int], *, by: User, action: str, detail: str = "") -> None:
    now = timezone.now()
    TriageEvent.objects.bulk_create(
        TriageEvent(response_id=pk, actor=by, at=now, action=action, detail=detail) for pk in response_ids
    )


def _ids(responses: QuerySet[Response]) -> list[int]:
    return list(responses.values_list("pk", flat=True))


@transaction.atomic
def set_status(*, responses: QuerySet[Response], status: str, by: User) -> int:
    """Move responses to a status (received > acknowledged > dispatched > responded)."""
    if status not in ResponseStatus.values:
        raise ValidationError({"status": _("Choose the new status.")})
    ids = _ids(responses.exclude(status=status))
    Response.objects.filter(pk__in=ids).update(status=status, updated_at=timezone.now())
    _record(ids, by=by, action=TriageAction.STATUS, detail=str(ResponseStatus(status).label))
    return len(ids)


@transaction.atomic
def switch(*, responses: QuerySet[Response], action: str, by: User) -> int:
    """Flag/unflag, spam/not spam, archive/unarchive: only rows that change are touched and recorded."""
    field, value = SWITCHES[action]
    ids = _ids(responses.exclude(**{field: value}))
    Response.objects.filter(pk__in=ids).update(**{field: value, "updated_at": timezone.now()})
    _record(ids, by=by, action=action)
    return len(ids)


@transaction.atomic
def add_tag(*, responses: QuerySet[Response], name: str, by: User) -> int:
    tag, _created = Tag.objects.get_or_create(name=name.strip()[:50])
    ids = _ids(responses.exclude(tags=tag))
    Response.tags.through.objects.bulk_create(Response.tags.through(response_id=pk, tag=tag) for pk in ids)
    Response.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    _record(ids, by=by, action=TriageAction.TAG, detail=tag.name)
    return len(ids)


@transaction.atomic
def remove_tag(*, responses: QuerySet[Response], tag: Tag, by: User) -> int:
    ids = _ids(responses.filter(tags=tag))
    Response.tags.through.objects.filter(response_id__in=ids, tag=tag).delete()
    Response.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    _record(ids, by=by, action=TriageAction.UNTAG, detail=tag.name)
    return len(ids)


@transaction.atomic
def delete_responses(*, responses: QuerySet[Response], by: User) -> int:
    """Soft delete: the row stays (and its history) but no longer counts anywhere."""
    ids = _ids(responses.filter(deleted_at__isnull=True))
    now = timezone.now()
    Response.objects.filter(pk__in=ids).update(deleted_at=now, updated_at=now)
    _record(ids, by=by, action=TriageAction.DELETE)
    return len(ids)


@transaction.atomic
def decide_compliment(*, compliment: Compliment, employee: Employee | None, by: User) -> Compliment:
    """Confirm who the resident meant (employee given) or reject the compliment (employee None)."""
    compliment.employee = employee
    compliment.status = ComplimentStatus.CONFIRMED if employee else ComplimentStatus.REJECTED
    compliment.confirmed_by = by
    compliment.confirmed_at = timezone.now()
    compliment.save()
    Response.objects.filter(pk=compliment.response_id).update(updated_at=timezone.now())
    detail = _("confirmed: %(name)s") % {"name": employee} if employee else _("rejected")
    _record([compliment.response_id], by=by, action=TriageAction.COMPLIMENT, detail=detail[:200])
    return compliment


@transaction.atomic
def record_follow_up(*, response: Response, note: str, status: str, by: User) -> Response:
    """What someone did for a resident who asked to be contacted ("called back, fixed the bill"), on the
    response's history, and its new status (usually responded) if it changed. An email address, phone number
    or SSN in the note is masked like a resident's comment (surveys/masking.py): the history keeps what was
    done, not how to reach the resident, and outlives their contact details."""
    note = mask_personal_data(" ".join(note.split())).text
    if not response.wants_contact:
        raise ValidationError(_("This resident did not ask to be contacted."))
    if not note:
        raise ValidationError({"note": _("Say what was done for the resident.")})
    _record([response.pk], by=by, action=TriageAction.FOLLOW_UP, detail=note[:200])
    set_status(responses=Response.objects.filter(pk=response.pk), status=status, by=by)
    Response.objects.filter(pk=response.pk).update(updated_at=timezone.now())
    response.refresh_from_db()
    return response


# --- The email to the customer relations representative ---------------------------------

RESEND_AFTER = timedelta(minutes=10)


def contact_recipient(department: Department) -> str:
    """The nearest customer relations representative up the tree, else the department's public email."""
    chain = [department, *reversed(list(department.ancestors().select_related("customer_relations_rep")))]
    for unit in chain:
        rep = unit.customer_relations_rep
        if rep and rep.work_email:
            return rep.work_email
    return next((unit.email for unit in chain if unit.email), "")


def email_contact_request(*, response_id: int) -> bool:
    """Send the follow-up email once, under a lease (serviceculture/mail.py): two workers never both send
    it, a failed send gives the row back at once, and a send whose worker died is taken again by the
    resend job when its lease ends. Returns whether this call sent it."""
    return mail.send_once(
        Response.objects.filter(pk=response_id).awaiting_contact_email(),
        sent="contact_email_sent_at",
        lease="contact_email_sending_until",
        send=lambda: _send_contact_email(response_id),
    )


def _send_contact_email(response_id: int) -> bool:
    response = Response.objects.select_related("department", "service_point", "survey").get(pk=response_id)
    recipient = contact_recipient(response.department)
    if not recipient:
        # Not marked sent: the request stays waiting (and this warning repeats) until someone gives the
        # department or a department above it a representative or an email address.
        log.warning(
            "response %s asked for contact but department %s has no contact address",
            response_id,
            response.department_id,
        )
        return False
    link = absolute_url(response.get_absolute_url())
    send_mail(
        subject=_("A resident asked to be contacted (response #%(id)s)") % {"id": response.pk},
        message=render_to_string("surveys/email/contact_request.txt", {"response": response, "link": link}),
        from_email=None,
        recipient_list=[recipient],
    )
    return True


def resend_contact_emails() -> int:
    """Send the follow-up emails that were never queued (a broker outage), failed, or whose worker died
    mid-send and whose lease has ended. The last RESEND_AFTER minutes are left to the queued task. (The
    periodic task also resends the residents' own emails: surveys/services/contact.py.)"""
    cutoff = timezone.now() - RESEND_AFTER
    ids = list(Response.objects.awaiting_contact_email().filter(submitted_at__lt=cutoff).values_list("pk", flat=True))
    return send_each(ids, email_contact_request, "contact email")


def send_each(response_ids: list[int], send: Callable[..., bool], what: str) -> int:
    """Call `send(response_id=...)` for each id; a failure is logged and left for the next run."""
    sent = 0
    for response_id in response_ids:
        try:
            sent += send(response_id=response_id)
        except Exception:
            log.warning("%s for response %s failed; will retry", what, response_id, exc_info=True)
    return sent
