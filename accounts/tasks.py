"""Celery tasks: thin wrappers that take ids and call accounts' services."""

from typing import Any

from celery import shared_task

from accounts import invitations


@shared_task(
    name="accounts.send_invitations",
    bind=True,
    max_retries=5,
    default_retry_delay=300,
    soft_time_limit=300,
    time_limit=330,
)
def send_invitations(self: Any, invitation_ids: list[int]) -> int:
    sent = 0
    try:
        for invitation_id in invitation_ids:
            sent += invitations.send_invitation(invitation_id=invitation_id)
    except Exception as error:  # the mail server may be down: try again later, the resend job is the backstop
        raise self.retry(exc=error) from error
    return sent


@shared_task(name="accounts.resend_invitations", soft_time_limit=600, time_limit=660)
def resend_invitations() -> int:
    return invitations.resend_invitations()
