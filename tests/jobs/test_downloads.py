"""Heavy downloads as people use them: a large export becomes a job with a progress page, a download only
its owner can take, a limit on jobs at once, and a sweep that removes what was kept long enough."""

import csv
import io
import os
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jobs import services, tasks
from jobs.models import Job, JobStatus
from org.roles import Role
from surveys import exports
from surveys.models import Response, SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from surveys.services.responses import submit_response
from tests.jobs.conftest import run_queued_jobs
from tests.surveys.test_services import answers_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_responses(org):
    """Two responses at the Water counter (the Public Works head's subtree) and one at the Clinic desk."""
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    counter = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    clinic = create_links(survey=survey, service_point=org.clinic_desk, by=org.admin_user)[0]
    for link, text in ((counter, "=cmd()"), (counter, "fine"), (clinic, "clinic")):
        submit_response(link=link, answers=answers_for(survey, text=text), language="en")
    return survey


@pytest.fixture
def small_direct_limit(settings):
    settings.EXPORT_DIRECT_MAX_ROWS = 1
    return settings


def export(client, user, fmt="csv", query=""):
    client.force_login(user)
    return client.post(f"{reverse('surveys:export', args=[fmt])}{query}")


def test_a_large_export_becomes_a_job_the_head_downloads_when_ready(client, org, three_responses, small_direct_limit):
    started = export(client, org.head_user)
    job = Job.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse("jobs:detail", args=[job.pk])
    page = client.get(started["Location"]).content.decode()
    assert "Waiting" in page and static("jobs/progress.js") in page and '<meta http-equiv="refresh"' in page
    assert client.get(reverse("jobs:status", args=[job.pk])).json()["status"] == "queued"

    run_queued_jobs()
    state = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert (state["status"], state["percent"], state["finished"]) == ("done", 100, True)
    assert state["counts"] == "2 of 2"  # the head's subtree only: the clinic's response is not theirs
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Download responses-" in page and static("jobs/progress.js") not in page
    download = client.get(state["download_url"])
    assert download.streaming and download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"].startswith('attachment; filename="responses-')
    assert download["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 3 and {row[-1] for row in rows[1:]} == {"'=cmd()", "fine"}


def test_an_xlsx_export_job_writes_a_workbook(client, org, three_responses, small_direct_limit):
    export(client, org.admin_user, "xlsx", f"?service_point={org.counter.pk}")
    run_queued_jobs()
    job = Job.objects.get()
    download = client.get(reverse("jobs:download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert job.download_name.endswith(".xlsx") and len(list(sheet.iter_rows(values_only=True))) == 3


def test_an_xlsx_longer_than_a_sheet_goes_on_over_further_sheets(
    client, org, three_responses, small_direct_limit, monkeypatch
):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 3)  # the header and two responses a sheet
    export(client, org.admin_user, "xlsx")
    run_queued_jobs()
    job = Job.objects.get()
    download = client.get(reverse("jobs:download", args=[job.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames == ["Responses", "Responses (2)"]
    first, second = ([row[0] for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets)
    assert first[0] == second[0] == "Response" and len(first) == 3 and len(second) == 2
    assert sorted(first[1:] + second[1:]) == sorted(Response.objects.values_list("pk", flat=True))


def test_a_small_export_stays_a_direct_download(client, org, three_responses, settings):
    settings.EXPORT_DIRECT_MAX_ROWS = 3
    response = export(client, org.admin_user)
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(b"".join(response.streaming_content).splitlines()) == 4
    assert not Job.objects.exists()


def test_opening_a_large_export_by_its_address_offers_to_prepare_it(client, org, three_responses, small_direct_limit):
    client.force_login(org.admin_user)
    page = client.get(reverse("surveys:export", args=["csv"]), {"channel": "counter"}).content.decode()
    assert "more than 1 responses" in page and 'action="/surveys/responses/export.csv?channel=counter"' in page
    assert not Job.objects.exists()


def test_a_job_and_its_file_are_only_their_owners(client, org, three_responses, small_direct_limit):
    export(client, org.head_user)
    run_queued_jobs()
    job = Job.objects.get()
    client.force_login(org.admin_user)  # sees every response, but this file is not theirs
    for name in ("jobs:detail", "jobs:status", "jobs:download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert job.title not in client.get(reverse("jobs:list")).content.decode()
    client.force_login(org.head_user)
    assert job.title in client.get(reverse("jobs:list")).content.decode()


def test_a_fourth_job_at_once_is_refused_with_a_message_and_the_filters_kept(
    client, org, three_responses, small_direct_limit
):
    small_direct_limit.JOBS_MAX_ACTIVE_PER_USER = 3
    for _attempt in range(3):
        assert export(client, org.admin_user).status_code == 302
    refused = client.post(f"{reverse('surveys:export', args=['csv'])}?channel=counter", follow=True)
    assert refused.redirect_chain[-1][0] == f"{reverse('surveys:inbox')}?channel=counter"
    assert "You already have 3 files being prepared" in refused.content.decode()
    assert Job.objects.count() == 3
    run_queued_jobs()
    assert export(client, org.admin_user).status_code == 302  # finished jobs no longer count
    assert Job.objects.count() == 4


def test_the_export_job_checks_access_again_when_it_runs(client, org, three_responses, small_direct_limit):
    export(client, org.head_user)
    org.head_user.groups.remove(Group.objects.get(name=Role.DEPARTMENT_HEAD.value))
    [job] = run_queued_jobs()
    assert job.status == JobStatus.FAILED and "no longer see" in job.error
    assert not list(services.jobs_dir().iterdir())  # nothing written for them
    assert client.get(reverse("jobs:download", args=[job.pk]))["Location"] == job.get_absolute_url()
    assert "no longer see" in client.get(job.get_absolute_url()).content.decode()


def test_a_head_who_lost_the_role_after_the_file_was_ready_can_no_longer_download_it(
    client, org, three_responses, small_direct_limit
):
    export(client, org.head_user)
    [job] = run_queued_jobs()
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200
    org.head_user.groups.remove(Group.objects.get(name=Role.DEPARTMENT_HEAD.value))
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_the_sweep_removes_expired_jobs_and_their_files(client, org, three_responses, small_direct_limit):
    export(client, org.admin_user)
    export(client, org.admin_user)
    old, kept = run_queued_jobs()
    Job.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    stray = services.jobs_dir() / f"{'e' * 32}.task-1.part"  # an attempt of a job since removed
    not_ours = services.jobs_dir() / "county-2026-11-30.dump"  # JOBS_DIR shared by mistake: left alone
    long_ago = (timezone.now() - timedelta(days=1)).timestamp()
    for path in (stray, not_ours):
        path.write_text("x")
        os.utime(path, (long_ago, long_ago))
    assert tasks.sweep() == {"requeued": 0, "removed": 1}
    assert not services.result_path(old).exists() and not stray.exists()
    assert not_ours.exists()
    assert services.result_path(kept).exists()
    assert client.get(reverse("jobs:detail", args=[old.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[kept.pk])).status_code == 200


def test_my_downloads_is_in_the_top_bar_for_staff(client, org):
    client.force_login(org.employee_user)
    page = client.get(reverse("jobs:list")).content.decode()
    assert f'href="{reverse("jobs:list")}"' in page and "Nothing here yet" in page
