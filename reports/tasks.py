"""The nightly metrics task. It shares one service with `manage.py compute_metrics`."""

from celery import shared_task
from django.conf import settings

from reports.services import compute_metrics


@shared_task(
    name="reports.compute_nightly_metrics",
    soft_time_limit=settings.METRICS_TIME_LIMIT_SECONDS - 300,
    time_limit=settings.METRICS_TIME_LIMIT_SECONDS,
)
def compute_nightly_metrics(full: bool = False) -> int:
    """Recompute what changed since the last good run; returns the id of the logged run."""
    return compute_metrics(full=full).pk
