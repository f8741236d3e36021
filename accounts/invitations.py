"""Inviting a person whose account an import created to choose a password, by an email that is never lost.

The invitation row is created with the account (never again, so a second import cannot invite twice) and
sent once under a lease through serviceculture/mail.py, as the surveys' follow-up emails are: queued after
the import commits; while the broker is down, or when a worker died mid-send, the periodic job
(accounts-resend-invitations) finds it. The link is Django's password-reset token for the account, built when
the email is written: it stops working once a password is set (the token covers the password hash), and
after PASSWORD_RESET_TIMEOUT; the person then asks for a new one with "Forgot your password?".
"""

import logging
from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import Invitation
from serviceculture import mail
from serviceculture.links import absolute_url
from serviceculture.outages import queue_task

log = logging.getLogger(__name__)

RESEND_AFTER = timedelta(minutes=10)
QUEUE_CHUNK = 100  # invitations per task: an import of 2,000 people queues 20 tasks, not 2,000


def queue_invitations(*, invitation_ids: list[int]) -> None:
    """Hand the invitations to Celery; while the broker is down the resend job sends them."""
    from accounts.tasks import send_invitations

    for start in range(0, len(invitation_ids), QUEUE_CHUNK):
        if not queue_task(send_invitations, args=[invitation_ids[start : start + QUEUE_CHUNK]]):
            return  # the broker is down: the rest waits for the resend job too


def invitation_link(user_id: int) -> str:
    from django.contrib.auth.models import User

    user = User.objects.get(pk=user_id)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return absolute_url(reverse("accounts:invitation", args=[uid, default_token_generator.make_token(user)]))


def send_invitation(*, invitation_id: int) -> bool:
    """Send one invitation once (see serviceculture/mail.py). Returns whether this call sent it."""
    return mail.send_once(
        Invitation.objects.filter(pk=invitation_id).awaiting(),
        sent="sent_at",
        lease="sending_until",
        send=lambda: _send(invitation_id),
    )


def _send(invitation_id: int) -> bool:
    invitation = Invitation.objects.select_related("user").get(pk=invitation_id)
    user = invitation.user
    if not user.email:
        return False
    context = {"user": user, "link": invitation_link(user.pk), "login": absolute_url(reverse("account_login"))}
    send_mail(
        subject=_("Your ServiceCulture account: choose a password"),
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
    return True


def resend_invitations() -> int:
    """Send what was never queued, failed, or whose worker died (after its lease). The last RESEND_AFTER minutes
    are left to the queued tasks."""
    cutoff = timezone.now() - RESEND_AFTER
    ids = list(Invitation.objects.awaiting().filter(created_at__lt=cutoff).values_list("pk", flat=True))
    sent = 0
    for invitation_id in ids:
        try:
            sent += send_invitation(invitation_id=invitation_id)
        except Exception:
            log.warning("invitation %s failed; will retry", invitation_id, exc_info=True)
    return sent
