"""Celery tasks: run one job by id, and the periodic sweep. Thin: the rules are in jobs/services.py."""

from typing import Any

from celery import Task, shared_task
from django.conf import settings

from jobs import services


@shared_task(
    name="jobs.run_job",
    bind=True,
    soft_time_limit=settings.JOBS_TIME_LIMIT_SECONDS - 60,
    time_limit=settings.JOBS_TIME_LIMIT_SECONDS,
)
def run_job(self: Task[Any, Any], job_id: int) -> str | None:
    # The task id names the claim: a redelivery of this very message (its worker was killed) may take
    # the job over at once, while a duplicate message sent by the sweep may not.
    return services.run_job(job_id=job_id, claim=self.request.id or f"local-{job_id}")


@shared_task(name="jobs.sweep", soft_time_limit=240, time_limit=300)
def sweep() -> dict[str, int]:
    return {"requeued": services.requeue_stalled(), "removed": services.remove_expired()}
