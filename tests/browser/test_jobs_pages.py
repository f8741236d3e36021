"""A large export in a real browser: the job's page fills its progress bar by itself (with JavaScript, by
polling; without, by reloading), then offers the download; My downloads lists it. Checked by axe-core and
kept as screenshots."""

import pytest

from jobs import services
from jobs.models import Job
from surveys.models import SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from surveys.services.responses import submit_response
from tests.surveys.test_services import answers_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def large_inbox(org, settings, tmp_path):
    settings.JOBS_DIR, settings.EXPORT_DIRECT_MAX_ROWS = tmp_path / "jobs", 2
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    for _index in range(3):
        submit_response(link=link, answers=answers_for(survey), language="en")


def halfway(job: Job) -> None:
    """What a worker's progress reports leave in the row, half way through."""
    services.claim_job(job_id=job.pk, claim="browser-test")
    Job.objects.filter(pk=job.pk).update(progress_done=1500, progress_total=3000, step="Writing responses")


def test_the_progress_bar_fills_and_the_download_appears(
    page, live_server, org, sign_in, large_inbox, axe_violations, screenshot
):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/surveys/responses/")
    page.get_by_role("button", name="Export CSV").click()
    page.wait_for_url("**/jobs/*/")
    job = Job.objects.get()
    assert page.get_by_text("Waiting").is_visible()
    halfway(job)
    page.get_by_text("1,500 of 3,000").wait_for()  # the page polled its status; nobody reloaded it
    assert page.locator("progress").get_attribute("value") == "50"
    assert axe_violations(page) == []
    screenshot(page, "job-running")
    services.run_job(job_id=job.pk, claim="browser-test")
    page.get_by_role("link", name="Download responses-").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "job-done")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download responses-").click()
    assert download.value.suggested_filename.startswith("responses-")
    page.get_by_role("link", name="My downloads").first.click()
    assert page.get_by_role("cell", name=job.title).is_visible()
    assert axe_violations(page) == []
    screenshot(page, "my-downloads")


def test_without_javascript_the_page_reloads_itself_until_the_file_is_ready(
    browser, live_server, org, sign_in, large_inbox
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, "admin")
        page.goto(f"{live_server.url}/surveys/responses/")
        page.get_by_role("button", name="Export XLSX").click()
        page.wait_for_url("**/jobs/*/")
        services.run_job(job_id=Job.objects.get().pk, claim="no-script-test")
        page.get_by_role("link", name="Download responses-").wait_for(timeout=15_000)
    finally:
        context.close()
