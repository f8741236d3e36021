"""My downloads: the person's jobs, one job's progress page and its JSON, and the file once ready.

A job belongs to the person who asked for it and to nobody else: anyone else gets a 404, as for any
object outside their scope (org.access), and the attempt is logged on the security logger.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jobs import services
from jobs.models import Job, JobStatus
from serviceculture.spreadsheets import attachment
from serviceculture.types import SignedInRequest

security_log = logging.getLogger("serviceculture.security")
LIST_LIMIT = 100  # a person has a few jobs a day, and they are removed after JOBS_KEEP_HOURS


def start_job_response(
    request: SignedInRequest,
    *,
    kind: str,
    parameters: dict[str, Any],
    title: str,
    back: str,
    on_start: Callable[[Job], object] | None = None,
) -> HttpResponse:
    """What every "prepare this file" button does: start the job and show its page, or, when the person
    already has too many running, go back where they came from with the reason (nothing is lost).
    `on_start` is services.start_job's: the caller records the request on the audit trail there."""
    try:
        job = services.start_job(
            kind=kind,
            by=request.user,
            parameters=parameters,
            title=title,
            language=get_language(),
            on_start=on_start,
        )
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect(back)
    return redirect(job)


def own_job_or_404(request: SignedInRequest, pk: int) -> Job:
    try:
        return Job.objects.get(pk=pk, owner=request.user)
    except Job.DoesNotExist:
        if Job.objects.filter(pk=pk).exists():
            security_log.warning("someone else's job pk=%s requested by user %s", pk, request.user.pk)
        raise Http404("No such download.") from None


@login_required
@require_GET
def job_list(request: SignedInRequest) -> HttpResponse:
    jobs = Job.objects.filter(owner=request.user)[:LIST_LIMIT]
    return render(request, "jobs/job_list.html", {"jobs": jobs, "keep_hours": settings.JOBS_KEEP_HOURS})


@login_required
@require_GET
def job_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    return render(request, "jobs/job_detail.html", {"job": own_job_or_404(request, pk)})


@login_required
@require_GET
def job_status(request: SignedInRequest, pk: int) -> JsonResponse:
    """The progress page's JavaScript polls this; it also tells scripts when the file is ready."""
    job = own_job_or_404(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.progress_done,
            "total": job.progress_total,
            "percent": job.percent(),
            "step": job.step,
            "counts": _("%(done)s of %(total)s")
            % {"done": intcomma(job.progress_done), "total": intcomma(job.progress_total)}
            if job.progress_total
            else "",
            "finished": job.finished,
            "error": job.error,
            "download_url": reverse("jobs:download", args=[job.pk]) if job.status == JobStatus.DONE else None,
        },
        headers={"Cache-Control": "no-store"},
    )


@login_required
@require_GET
def job_download(request: SignedInRequest, pk: int) -> HttpResponseBase:
    job = own_job_or_404(request, pk)
    if job.status != JobStatus.DONE:
        return redirect(job)
    if not services.may_still_see(job):  # a role or a department lost since the file was prepared
        security_log.warning("job pk=%s refused to user %s, who may no longer see it", job.pk, request.user.pk)
        raise Http404("You may no longer see what this file contains.")
    try:
        handle = services.result_path(job).open("rb")
    except FileNotFoundError:
        raise Http404("The file is no longer kept.") from None
    response = FileResponse(handle, content_type=job.content_type)
    response["Content-Disposition"] = attachment(job.download_name)
    response["Cache-Control"] = "private, no-store"  # one person's file: no shared cache may keep it
    return response
