"""Real Celery workers on Redis run jobs: a large export prepared while the person waits on the job's page,
and a PDF job whose worker is killed by SIGKILL mid-print, finished later by the redelivered task (prefork:
the pool's parent sends it back at once) or by the periodic sweep once the lease ends (solo: nobody is left)."""

import csv
import io
import os
import signal
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Evaluation
from jobs import tasks
from jobs.models import Job, JobStatus
from surveys.models import SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from surveys.services.responses import submit_response
from tests.evaluations.builders import open_for
from tests.servers import celery_worker, wait_until, worker_environment
from tests.surveys.test_services import answers_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def jobs_worker(jobs_dir: Path, log: Path, *, pool: str = "solo"):
    """A worker writing its files to `jobs_dir`; stopping it stops its Chromium too."""
    from serviceculture.celery import app

    app.control.purge()  # messages other tests queued point at rows this database does not have
    return celery_worker(worker_environment(JOBS_DIR=str(jobs_dir)), log=log, pool=pool)


def wait_for(condition, log: Path) -> None:
    wait_until(condition, seconds=90, what="the job reached the state", log=log)


def job_is(status: str, **more):
    return lambda: Job.objects.filter(status=status, **more).exists()


def test_a_worker_prepares_a_large_export_while_the_person_waits(client, org, settings, tmp_path):
    settings.JOBS_DIR, settings.EXPORT_DIRECT_MAX_ROWS = tmp_path / "jobs", 2
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    for _index in range(5):
        submit_response(link=link, answers=answers_for(survey), language="en")
    log = tmp_path / "worker.log"
    with jobs_worker(settings.JOBS_DIR, log):
        client.force_login(org.admin_user)
        job_page = client.post(reverse("surveys:export", args=["csv"]))["Location"]
        wait_for(job_is(JobStatus.DONE), log)
    state = client.get(f"{job_page}status.json").json()
    assert state["counts"] == "5 of 5"
    body = b"".join(client.get(state["download_url"]).streaming_content).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(body)))) == 6


def _child_of(process: subprocess.Popen, log: Path) -> int:
    """The prefork pool's one child (the process that runs the task)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    wait_for(lambda: children.read_text().split() != [], log)
    return int(children.read_text().split()[0])


def _start_pdf(client, org) -> Evaluation:
    open_for(org)
    evaluation = Evaluation.objects.get(employee=org.water_worker)
    client.force_login(org.hr_user)
    assert client.post(reverse("evaluations:evaluation_pdf", args=[evaluation.pk])).status_code == 302
    return evaluation


def _assert_printed(client, job: Job) -> None:
    assert job.status == JobStatus.DONE and job.attempts == 2, job.error
    document = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    text = subprocess.run(["pdftotext", "-", "-"], input=document, capture_output=True, check=True).stdout
    assert b"Walter Worker" in text


@pytest.mark.browser
def test_a_pdf_job_whose_pool_process_is_killed_is_redelivered_and_restarted(client, org, settings, tmp_path):
    settings.JOBS_DIR = tmp_path / "jobs"
    log = tmp_path / "worker.log"
    with jobs_worker(settings.JOBS_DIR, log, pool="prefork") as worker:
        child = _child_of(worker, log)
        _start_pdf(client, org)
        wait_for(job_is(JobStatus.RUNNING, step="Printing the PDF"), log)
        os.kill(child, signal.SIGKILL)  # mid-print; the pool replaces the child and Celery requeues the task
        wait_for(job_is(JobStatus.DONE), log)
    job = Job.objects.get()
    _assert_printed(client, job)
    assert sorted(path.name for path in settings.JOBS_DIR.iterdir()) == [job.file_name]


@pytest.mark.browser
def test_a_pdf_job_whose_worker_is_killed_is_finished_after_the_sweep(client, org, settings, tmp_path):
    settings.JOBS_DIR = tmp_path / "jobs"
    log = tmp_path / "worker.log"
    with jobs_worker(settings.JOBS_DIR, log) as first:
        _start_pdf(client, org)
        wait_for(job_is(JobStatus.RUNNING, step="Printing the PDF"), log)
        os.killpg(first.pid, signal.SIGKILL)  # the worker and its Chromium, mid-print
        first.wait(timeout=10)
    job = Job.objects.get()
    assert job.status == JobStatus.RUNNING and job.lease_until > timezone.now()  # nobody knows it died yet
    # JOBS_LEASE_SECONDS later, the lease has ended without a renewal, and beat runs the sweep:
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    with jobs_worker(settings.JOBS_DIR, log):
        assert tasks.sweep()["requeued"] == 1
        wait_for(job_is(JobStatus.DONE), log)
    job.refresh_from_db()
    _assert_printed(client, job)
    assert sorted(path.name for path in settings.JOBS_DIR.iterdir()) == [job.file_name]  # the half file is gone
