"""The nightly purge task. It shares one service with `manage.py purge_records`."""

from celery import shared_task
from django.conf import settings

from retention.services import purge_records


@shared_task(
    name="retention.purge_nightly",
    soft_time_limit=settings.PURGE_TIME_LIMIT_SECONDS - 300,
    time_limit=settings.PURGE_TIME_LIMIT_SECONDS,
)
def purge_nightly() -> int:
    """Purge what has passed its retention date; returns the id of the logged run."""
    return purge_records(trigger="beat").pk
