"""The nightly metrics task. It shares one service with `manage.py compute_metrics`."""

from celery import shared_task
from django.conf import settings

from reports.services import compute_metrics
from reports.services.standard_alerts import alert_missed_standards
from serviceculture.outages import queue_task
from surveys.tasks import send_alerts


@shared_task(
    name="reports.compute_nightly_metrics",
    soft_time_limit=settings.METRICS_TIME_LIMIT_SECONDS - 300,
    time_limit=settings.METRICS_TIME_LIMIT_SECONDS,
)
def compute_nightly_metrics(full: bool = False) -> int:
    """Recompute what changed since the last good run, then raise the alerts of standards missed last quarter
    (sent by their own task; the periodic resend catches them if the broker is down); returns the run's id."""
    run = compute_metrics(full=full)
    if immediate := alert_missed_standards():
        queue_task(send_alerts, args=[immediate])
    return run.pk
