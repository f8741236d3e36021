"""Fixtures for the jobs tests: a private JOBS_DIR per test, and running queued jobs as a worker would."""

import pytest
from django.utils import translation

from jobs import services
from jobs.models import Job, JobStatus


@pytest.fixture(autouse=True)
def jobs_dir(settings, tmp_path):
    settings.JOBS_DIR = tmp_path / "jobs"
    return settings.JOBS_DIR


@pytest.fixture(autouse=True)
def english_by_default():
    with translation.override("en"):
        yield


def run_queued_jobs() -> list[Job]:
    """What a worker does with each queued job's message (the test's transaction never commits, so no
    message reaches the broker)."""
    ran = []
    for job in Job.objects.filter(status=JobStatus.QUEUED).order_by("pk"):
        services.run_job(job_id=job.pk, claim=f"test-task-{job.pk}")
        ran.append(Job.objects.get(pk=job.pk))
    return ran
