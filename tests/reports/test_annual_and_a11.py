"""The annual report (page, CSV, PDF). The quarterly A-11 data collection is tested in test_a11.py."""

import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.models import ServedVolume
from reports.periods import fiscal_year_bounds, fiscal_year_of, quarter_start
from reports.services import compute_metrics
from serviceculture.dates import local_today
from tests.jobs.conftest import run_queued_jobs
from tests.pdfs import is_tagged, outline
from tests.reports.conftest import local

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int = 10):
    return local(day.year, day.month, day.day, hour)


@pytest.fixture
def two_years(kit, org, settings):
    """Last fiscal year and the one before it, at the Water counter and the Clinic desk."""
    settings.FISCAL_YEAR_START_MONTH = 7
    year = fiscal_year_of(local_today()) - 1
    start, _end = fiscal_year_bounds(year)
    before = start - timedelta(days=30)
    kit.respond(at=_at(start + timedelta(days=10)), satisfaction=5, trust=True)
    kit.respond(at=_at(start + timedelta(days=11)), satisfaction=4, trust=False)
    kit.respond(at=_at(start + timedelta(days=12)), service_point=org.clinic_desk, satisfaction=2)
    kit.respond(at=_at(before), satisfaction=2, trust=False)  # the year before: 0 % satisfied
    ServedVolume.objects.create(
        quarter=quarter_start(start), service_point=org.counter, total_volume=500, surveys_offered=40
    )
    compute_metrics(full=True)
    return year


def test_the_annual_report_rolls_up_departments_with_the_change_from_last_year(client, org, two_years):
    client.force_login(org.admin_user)
    report = client.get(reverse("reports:annual"), {"year": two_years}).context["report"]
    lines = {line.label: line for line in report.lines}
    public_works = lines["Public Works"]
    assert (public_works.volume, public_works.this_year.responses) == (500, 2)
    satisfaction = next(row for row in public_works.drivers if row["driver"] == "satisfaction")
    assert (satisfaction["share"], satisfaction["change"]) == (Decimal("100.0"), Decimal("100.0"))
    assert report.total.this_year.responses == 3
    assert lines["Health"].this_year.satisfaction == 0


def test_the_change_since_last_year_reads_in_words_and_says_when_last_year_has_no_data(client, org, two_years):
    client.force_login(org.admin_user)
    page = client.get(reverse("reports:annual"), {"year": two_years}).content.decode()
    assert "Change since last year (percentage points)" in page
    assert '<span aria-hidden="true">▲</span> up 100' in page  # Public Works: 0 % satisfied, then 100 %
    assert "no data last year" in page  # the Clinic had no answers the year before


def test_the_annual_report_downloads_as_csv(client, org, two_years):
    client.force_login(org.head_user)
    response = client.get(reverse("reports:annual"), {"year": two_years, "format": "csv"})
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("department,customers_served,responses,satisfaction_satisfied_pct")
    assert lines[1].startswith("Water,500,2,100.0")
    assert lines[-1].startswith("Public Works,500,2,100.0")  # the head's own subtree is the total


def test_a_head_cannot_open_another_subtrees_report(client, org, two_years):
    client.force_login(org.head_user)
    assert client.get(reverse("reports:annual"), {"department": org.health.pk}).status_code == 404
    assert client.get(reverse("reports:annual"), {"year": "1999"}).status_code == 404


@pytest.mark.browser
def test_the_annual_report_prints_to_pdf_in_a_job(client, org, two_years, settings, tmp_path):
    settings.JOBS_DIR = tmp_path
    client.force_login(org.head_user)
    started = client.post(reverse("reports:annual"), {"department": org.public_works.pk, "year": two_years})
    [job] = run_queued_jobs()
    assert started["Location"] == job.get_absolute_url() and job.status == "done", job.error
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="annual-report-fy{two_years}-pw.pdf"'
    document = b"".join(response.streaming_content)
    text = subprocess.run(["pdftotext", "-", "-"], input=document, capture_output=True, check=True).stdout.decode()
    assert "Public Works" in text and "Water" in text and "Health" not in text  # the head's subtree only
    assert is_tagged(document)
    titles = [title for _depth, title in outline(document)]
    assert titles[0].startswith("Customer-service report, fiscal year") and "Summary" in titles


def test_a_head_cannot_queue_the_pdf_of_another_subtree(client, org, two_years):
    client.force_login(org.head_user)
    assert client.post(reverse("reports:annual"), {"department": org.health.pk, "year": two_years}).status_code == 404
    assert (
        client.post(reverse("reports:annual"), {"department": org.public_works.pk, "year": "1999"}).status_code == 404
    )


def test_the_annual_pdf_says_clearly_when_chromium_is_missing(client, org, two_years, settings):
    settings.CHROMIUM_PATH = "/nowhere/chromium"
    client.force_login(org.admin_user)
    response = client.post(reverse("reports:annual"), {"year": two_years})
    assert response.status_code == 503
    assert "Chromium, which is not installed" in response.content.decode()


def test_the_annual_report_opens_on_the_last_finished_year_when_it_has_responses(client, org, two_years):
    client.force_login(org.admin_user)
    page = client.get(reverse("reports:annual"))
    assert page.context["report"].fiscal_year == two_years
    assert not page.context["report"].to_date


def test_without_responses_last_year_the_annual_report_opens_on_the_current_year_to_date(client, org, kit, settings):
    settings.FISCAL_YEAR_START_MONTH = 7
    today = local_today()
    kit.respond(at=_at(today, 0) + timedelta(hours=1), satisfaction=5)  # only this fiscal year has responses
    compute_metrics(full=True)
    client.force_login(org.head_user)

    page = client.get(reverse("reports:annual"))

    report = page.context["report"]
    assert (report.fiscal_year, report.to_date, report.end) == (fiscal_year_of(today), True, today)
    assert report.total.this_year.responses == 1
    assert f"fiscal year {report.fiscal_year} to date" in page.content.decode()
    assert f"{report.fiscal_year} (year to date)" in page.content.decode()


def test_large_annual_figures_are_grouped_in_thousands(client, org, two_years):
    ServedVolume.objects.filter(service_point=org.counter).update(total_volume=12500)
    client.force_login(org.admin_user)
    page = client.get(reverse("reports:annual"), {"year": two_years}).content.decode()
    assert "<td>12,500</td>" in page
