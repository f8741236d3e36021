"""The rules of jobs/services.py: who may take a job, what a killed worker leaves, and cheap progress."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs import services
from jobs.models import Job, JobStatus
from jobs.registry import KINDS, Kind, Output

pytestmark = pytest.mark.django_db

KIND = "tests.counting"


@pytest.fixture
def counting_kind():
    """A kind that writes its rows and reports progress on every one of them, as a careless runner would."""
    writes = []

    def run(work):
        with CaptureQueriesContext(connection) as queries:
            for index in range(work.parameters["rows"]):
                work.progress(index, work.parameters["rows"], "Counting")
        writes.append(len(queries))
        work.path.write_text(f"{work.parameters['rows']} rows by {work.owner.username}")
        return Output(download_name="count.txt", content_type="text/plain")

    KINDS[KIND] = Kind(run=run, access=lambda owner, parameters: None)
    yield writes
    del KINDS[KIND]


def start(user, rows=3):
    return services.start_job(kind=KIND, by=user, parameters={"rows": rows}, title="Counting", language="en")


def test_progress_is_written_at_most_once_a_second_however_often_a_runner_reports(org, counting_kind):
    job = start(org.admin_user, rows=20_000)
    assert services.run_job(job_id=job.pk, claim="task-1") == JobStatus.DONE
    assert counting_kind == [1]  # 20,000 reports, one write (the step did not change within the second)
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.attempts) == (20_000, 20_000, 1)
    assert services.result_path(job).read_text() == "20000 rows by admin"


def test_a_job_held_by_a_live_worker_is_not_run_twice_but_its_own_redelivery_restarts_it(org, counting_kind):
    job = start(org.admin_user)
    assert services.claim_job(job_id=job.pk, claim="task-1") is not None
    assert services.run_job(job_id=job.pk, claim="duplicate-message") is None  # the sweep's duplicate: dropped
    assert services.run_job(job_id=job.pk, claim="task-1") == JobStatus.DONE  # redelivered after a kill
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert services.run_job(job_id=job.pk, claim="task-1") is None  # a finished job is never redone


def test_a_job_whose_worker_died_is_requeued_when_its_lease_ends_and_finished_by_another(org, counting_kind):
    job = start(org.admin_user)
    services.claim_job(job_id=job.pk, claim="killed-task")
    (services.jobs_dir() / f"{job.file_name}.killed-task.part").write_text("half a file")
    assert services.requeue_stalled() == 0  # the lease still runs
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert services.requeue_stalled() == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert services.run_job(job_id=job.pk, claim="new-task") == JobStatus.DONE
    assert sorted(path.name for path in services.jobs_dir().iterdir()) == [job.file_name]  # no half file left


def test_a_job_queued_while_the_broker_was_down_is_sent_again_after_a_lease(org, counting_kind, settings):
    job = start(org.admin_user)
    assert services.requeue_stalled() == 0
    Job.objects.filter(pk=job.pk).update(sent_at=timezone.now() - timedelta(seconds=settings.JOBS_LEASE_SECONDS + 1))
    assert services.requeue_stalled() == 1


def test_a_job_that_keeps_killing_its_worker_fails_with_a_reason(org, counting_kind):
    job = start(org.admin_user)
    Job.objects.filter(pk=job.pk).update(attempts=services.MAX_ATTEMPTS)
    assert services.run_job(job_id=job.pk, claim="task-4") is None
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "stopped 3 times" in job.error


def test_a_worker_that_lost_its_job_writes_nothing(org, counting_kind):
    job = start(org.admin_user)
    services.claim_job(job_id=job.pk, claim="slow-task")
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    services.requeue_stalled()
    services.claim_job(job_id=job.pk, claim="new-task")
    work = services._Work(Job.objects.get(pk=job.pk), "slow-task")
    with pytest.raises(services.JobLost):
        work.progress(1, 3, "Counting")


def test_the_limit_counts_only_jobs_waiting_or_in_progress(org, counting_kind, settings):
    settings.JOBS_MAX_ACTIVE_PER_USER = 2
    first = start(org.admin_user)
    start(org.admin_user)
    with pytest.raises(ValidationError, match="You already have 2 files being prepared"):
        start(org.admin_user)
    start(org.hr_user)  # another person's jobs do not count against them
    services.run_job(job_id=first.pk, claim="task-1")
    start(org.admin_user)
    assert Job.objects.filter(owner=org.admin_user).count() == 3
