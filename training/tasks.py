"""Celery tasks of training: thin wrappers around services."""

from celery import shared_task

from training.services.commitments import send_follow_up_reminders


@shared_task(name="training.send_commitment_follow_ups", soft_time_limit=600, time_limit=900)
def send_commitment_follow_ups() -> int:
    """Every 15 minutes: remind employees whose commitments are due for follow-up (safe to run twice)."""
    return send_follow_up_reminders()
