"""Celery tasks: thin wrappers that take ids and call the services (triage, contact, paperwork, invitations,
alerts, themes)."""

from celery import shared_task
from django.utils import timezone

from surveys import alerts, themes, triage
from surveys.services import contact, invitations, links, paperwork


@shared_task(
    name="surveys.send_contact_email",
    bind=True,
    max_retries=5,
    default_retry_delay=300,
    soft_time_limit=60,
    time_limit=90,
)
def send_contact_email(self, response_id: int) -> bool:
    """The representative's email, then the resident's own (surveys/services/contact.py), in one task: each is
    sent once under its lease, so a retry sends only what is still owed."""
    try:
        sent = triage.email_contact_request(response_id=response_id)
        contact.email_resident(response_id=response_id)
        return sent
    except Exception as error:  # the mail server may be down: try again later, the resend task is the backstop
        raise self.retry(exc=error) from error


@shared_task(name="surveys.resend_contact_emails", soft_time_limit=600, time_limit=660)
def resend_contact_emails() -> int:
    """The representatives' follow-up emails, then the residents' own."""
    return triage.resend_contact_emails() + contact.resend_resident_emails()


@shared_task(name="surveys.flush_link_views", soft_time_limit=50, time_limit=55)
def flush_link_views() -> int:
    return links.flush_link_views()


@shared_task(name="surveys.send_paperwork_warnings", soft_time_limit=600, time_limit=660)
def send_paperwork_warnings() -> int:
    return paperwork.send_paperwork_warnings()


@shared_task(
    name="surveys.send_invitation_email",
    bind=True,
    max_retries=5,
    default_retry_delay=300,
    soft_time_limit=60,
    time_limit=90,
)
def send_invitation_email(self, invitation_id: int) -> bool:
    try:
        return invitations.email_invitation(invitation_id=invitation_id)
    except Exception as error:  # the mail server may be down: try again later, the resend task is the backstop
        raise self.retry(exc=error) from error


@shared_task(name="surveys.resend_invitations", soft_time_limit=600, time_limit=660)
def resend_invitations() -> int:
    return invitations.resend_invitation_emails()


@shared_task(name="surveys.send_invitation_reminders", soft_time_limit=600, time_limit=660)
def send_invitation_reminders() -> int:
    return invitations.send_invitation_reminders()


@shared_task(
    name="surveys.send_response_alerts",
    bind=True,
    max_retries=5,
    default_retry_delay=300,
    soft_time_limit=120,
    time_limit=150,
)
def send_response_alerts(self, response_id: int) -> int:
    """Raise the alerts a stored response calls for and email the immediate ones; a retry or a second run finds
    the same rows and sends only what is still owed."""
    try:
        return sum(alerts.send_alert(alert_id=pk) for pk in alerts.raise_response_alerts(response_id=response_id))
    except Exception as error:  # the mail server may be down: try again later, the resend task is the backstop
        raise self.retry(exc=error) from error


@shared_task(
    name="surveys.send_alerts",
    bind=True,
    max_retries=5,
    default_retry_delay=300,
    soft_time_limit=120,
    time_limit=150,
)
def send_alerts(self, alert_ids: list[int]) -> int:
    """Email immediate alerts raised elsewhere (a missed standard), each once."""
    try:
        return sum(alerts.send_alert(alert_id=pk) for pk in alert_ids)
    except Exception as error:
        raise self.retry(exc=error) from error


@shared_task(name="surveys.resend_alerts", soft_time_limit=600, time_limit=660)
def resend_alerts() -> int:
    """The alerts of responses whose task was never queued (a broker outage), then the immediate alerts whose
    send failed or whose worker died (after its lease ended)."""
    cutoff = timezone.now() - triage.RESEND_AFTER
    raised = alerts.send_each(alerts.raise_missed_response_alerts(stored_before=cutoff))
    return raised + alerts.resend_alerts(older_than=cutoff)


@shared_task(name="surveys.send_alert_digests", soft_time_limit=1800, time_limit=1900)
def send_alert_digests() -> int:
    return alerts.send_digests()


@shared_task(name="surveys.retag_comments", soft_time_limit=3000, time_limit=3300)
def retag_comments() -> int:
    return themes.retag_if_changed()
