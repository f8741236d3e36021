"""Starting, running and sweeping jobs. The rules:

- A person has at most JOBS_MAX_ACTIVE_PER_USER jobs waiting or in progress; the next one is refused with a
  message and nothing is created (starts are serialised per person by locking their user row).
- A job is sent to the workers after its row commits. If the broker is down, the job stays queued and the
  sweep sends it again once it has waited JOBS_LEASE_SECONDS.
- A worker claims a job before running it: the claim names the Celery task id and holds a lease that every
  progress update renews. A second message for a job that a live worker holds is dropped; the redelivery of
  a killed worker's task (same task id) takes the job over at once and starts it from scratch; a job whose
  lease ended without its worker (killed, solo pool, lost broker) is re-queued by the sweep.
- Each attempt writes its own part file and only the attempt that still holds the claim renames it into
  place, so a worker that lost its job can never overwrite another's file. After JOBS_MAX_ATTEMPTS claims,
  the job fails with a message instead of killing workers for ever.
- A job and its file are kept JOBS_KEEP_HOURS after it finished (or was created), then the sweep removes
  both, and any file in JOBS_DIR that no job owns.
"""

import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs.models import Job, JobStatus
from jobs.registry import Output, kind_of, runner_for

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# What a job writes in JOBS_DIR: its file (secrets.token_hex(16)), or a part file of one attempt.
JOB_FILE = re.compile(r"[0-9a-f]{32}(\.[^/]+\.part)?")
PROGRESS_SECONDS = 1.0  # at most one progress write a second, however often a runner reports


def jobs_dir() -> Path:
    path = Path(settings.JOBS_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def result_path(job: Job) -> Path:
    return jobs_dir() / job.file_name


def _keep() -> timedelta:
    return timedelta(hours=settings.JOBS_KEEP_HOURS)


def _lease() -> timedelta:
    return timedelta(seconds=settings.JOBS_LEASE_SECONDS)


# --- Starting ---------------------------------------------------------------------------


def start_job(
    *,
    kind: str,
    by: User,
    parameters: dict[str, Any],
    title: str,
    language: str,
    on_start: Callable[[Job], object] | None = None,
) -> Job:
    """Queue a job for the person, or raise ValidationError when they already have too many running.
    `on_start` runs in the same transaction once the job exists: the calling app records what was asked (the
    audit trail lives above jobs, which imports none of our apps), and a refused job leaves no record."""
    runner_for(kind)  # an unknown kind is a programming error, loud here rather than in the worker
    limit = settings.JOBS_MAX_ACTIVE_PER_USER
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=by.pk).first()
        if Job.objects.filter(owner=by).active().count() >= limit:
            raise ValidationError(
                ngettext(
                    "You already have %(count)d file being prepared. Wait until it is ready, then ask again.",
                    "You already have %(count)d files being prepared. Wait until one is ready, then ask again.",
                    limit,
                )
                % {"count": limit}
            )
        now = timezone.now()
        job = Job.objects.create(
            owner=by,
            kind=kind,
            title=title[:200],
            parameters={**parameters, "language": language},
            file_name=secrets.token_hex(16),
            created_at=now,
            sent_at=now,
            expires_at=now + _keep(),
        )
        if on_start is not None:
            on_start(job)
        _send_on_commit(job.pk)
    return job


def _send_on_commit(job_id: int) -> None:
    def send() -> None:
        from jobs.tasks import run_job

        try:
            run_job.apply_async(args=(job_id,), retry=False)
        except Exception:  # any broker failure: the job stays queued and the sweep sends it again
            log.warning("could not queue job %s; the sweep will send it again", job_id, exc_info=True)

    transaction.on_commit(send)


# --- Running ----------------------------------------------------------------------------


class JobLost(Exception):
    """Another attempt holds this job now (our lease ended): stop without writing anything."""


class _Work:
    """What a runner gets: the person, the parameters, where to write, and a cheap progress reporter."""

    def __init__(self, job: Job, claim: str):
        self.job, self.claim = job, claim
        self.owner = job.owner
        self.parameters = job.parameters
        self.path = jobs_dir() / f"{job.file_name}.{claim}.part"
        self._written_at, self._step = 0.0, ""

    def progress(self, done: int, total: int | None = None, step: str = "") -> None:
        now = time.monotonic()
        if step == self._step and now - self._written_at < PROGRESS_SECONDS:
            return
        self._written_at, self._step = now, step
        fields = {"progress_done": done, "step": step[:120], "lease_until": timezone.now() + _lease()}
        if total is not None:
            fields["progress_total"] = total
        if not Job.objects.filter(pk=self.job.pk, claimed_by=self.claim, status=JobStatus.RUNNING).update(**fields):
            raise JobLost


def claim_job(*, job_id: int, claim: str) -> Job | None:
    """Take the job for this task, or None when it is finished, gone or held by another live worker."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().select_related("owner").filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        held = job.status == JobStatus.RUNNING and job.lease_until and job.lease_until > now
        if held and job.claimed_by != claim:
            return None
        if job.attempts >= MAX_ATTEMPTS:
            with translation.override(job.parameters.get("language")):
                _mark_failed(
                    job,
                    _(
                        "The file could not be prepared: the work stopped %(count)d times. "
                        "Try again later, or ask for less at once."
                    )
                    % {"count": job.attempts},
                    now,
                )
            return None
        job.status, job.claimed_by, job.lease_until = JobStatus.RUNNING, claim, now + _lease()
        job.attempts += 1
        job.started_at, job.progress_done, job.step, job.error = now, 0, "", ""
        job.save()
    return job


def run_job(*, job_id: int, claim: str) -> str | None:
    """Claim the job and run it from scratch; returns its final status, or None when not ours to run."""
    job = claim_job(job_id=job_id, claim=claim)
    if job is None:
        return None
    work = _Work(job, claim)
    with translation.override(job.parameters.get("language") or settings.LANGUAGE_CODE):
        try:
            output = runner_for(job.kind)(work)
        except JobLost:
            work.path.unlink(missing_ok=True)
            return None
        except (ValidationError, PermissionDenied, Http404) as problem:
            return _end(work, error=_readable(problem))
        except SoftTimeLimitExceeded:
            return _end(work, error=_("The file took too long to prepare. Ask for less at once (narrow the filters)."))
        except Exception:
            log.exception("job %s (%s) failed", job.pk, job.kind)
            return _end(
                work,
                error=_(
                    "Something went wrong while preparing the file. Try again; if it fails "
                    "again, tell the program's administrators."
                ),
            )
        return _end(work, output=output)


def may_still_see(job: Job) -> bool:
    """Whether the owner may still see what the job's file holds (the kind's own access check, run again)."""
    try:
        kind_of(job.kind).access(job.owner, job.parameters)
    except (PermissionDenied, Http404):
        return False
    return True


def _readable(problem: Exception) -> str:
    if isinstance(problem, ValidationError):
        return " ".join(problem.messages)
    return _("You may no longer see what this file would contain.")


def _end(work: _Work, *, output: Output | None = None, error: str = "") -> str | None:
    """Record the outcome if this attempt still holds the job; only then does its file take the result's place."""
    now = timezone.now()
    with transaction.atomic():
        job = (
            Job.objects.select_for_update()
            .filter(pk=work.job.pk, claimed_by=work.claim, status=JobStatus.RUNNING)
            .first()
        )
        if job is None or output is None:
            work.path.unlink(missing_ok=True)
        if job is None:
            return None
        if output is None:
            _mark_failed(job, error, now)
            return job.status
        final = result_path(job)
        os.replace(work.path, final)
        job.status, job.finished_at, job.expires_at = JobStatus.DONE, now, now + _keep()
        job.download_name, job.content_type = output.download_name[:200], output.content_type
        job.file_size, job.lease_until, job.step = final.stat().st_size, None, ""
        if job.progress_total is not None:
            job.progress_done = job.progress_total
        job.save()
    for stale in jobs_dir().glob(f"{job.file_name}.*.part"):  # what killed attempts left behind
        stale.unlink(missing_ok=True)
    return job.status


def _mark_failed(job: Job, error: str, now: datetime) -> None:
    job.status, job.error, job.finished_at = JobStatus.FAILED, error, now
    job.expires_at, job.lease_until, job.step = now + _keep(), None, ""
    job.save()


# --- The sweep (periodic) -----------------------------------------------------------------


def requeue_stalled(*, now: datetime | None = None) -> int:
    """Send again the jobs whose message was lost (queued for a whole lease: the broker was down when they
    started) and those whose worker died (running, lease ended). Returns how many were sent."""
    now = now or timezone.now()
    stalled = Q(status=JobStatus.RUNNING, lease_until__lt=now) | Q(status=JobStatus.QUEUED, sent_at__lt=now - _lease())
    with transaction.atomic():
        ids = list(Job.objects.select_for_update(skip_locked=True).filter(stalled).values_list("pk", flat=True))
        Job.objects.filter(pk__in=ids).update(status=JobStatus.QUEUED, sent_at=now, claimed_by="", lease_until=None)
        for job_id in ids:
            _send_on_commit(job_id)
    if ids:
        log.info("re-queued %d stalled job(s): %s", len(ids), ids)
    return len(ids)


def remove_expired(*, now: datetime | None = None) -> int:
    """Delete the jobs kept long enough and their files, and files that no job owns. Returns jobs removed."""
    now = now or timezone.now()
    expired = Job.objects.filter(expires_at__lt=now).exclude(status=JobStatus.RUNNING, lease_until__gt=now)
    removed = 0
    for job in expired.only("pk", "file_name").iterator():
        for path in jobs_dir().glob(f"{job.file_name}*"):
            path.unlink(missing_ok=True)
        removed += Job.objects.filter(pk=job.pk).delete()[0]
    _remove_orphan_files(now)
    return removed


def _remove_orphan_files(now: datetime) -> None:
    """Files a job of ours wrote (a job's name, or its part files) that no job owns any more. Anything else in
    JOBS_DIR is left alone, in case the folder is shared by mistake (a backup put there must survive)."""
    known = set(Job.objects.values_list("file_name", flat=True))
    old = (now - _lease()).timestamp()
    for path in jobs_dir().iterdir():
        if not (path.is_file() and JOB_FILE.fullmatch(path.name)):
            continue
        if path.name.split(".", 1)[0] not in known and path.stat().st_mtime < old:
            path.unlink(missing_ok=True)
