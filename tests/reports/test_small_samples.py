"""Figures resting on few responses are marked "low confidence" with their count, in words, on every page that
shows residents' shares: the dashboard (cards, tables, trend chart and its table), /standards/, the annual
report and its PDF. The evidence panel's test is in tests/evaluations/test_evidence.py."""

import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from org.models import ServiceStandard
from reports.models import StandardCompliance
from reports.periods import fiscal_year_bounds, fiscal_year_of
from reports.public_views import last_finished_quarter
from reports.services import compute_metrics
from reports.services.annual import build_annual_report
from reports.views import annual_pdf_html
from serviceculture.dates import local_today
from serviceculture.samples import is_small_sample
from tests.jobs.conftest import run_queued_jobs
from tests.reports.conftest import local

pytestmark = pytest.mark.django_db

NOTE = "low confidence: "


@pytest.mark.parametrize(("count", "small"), [(None, False), (0, False), (1, True), (29, True), (30, False)])
def test_a_figure_is_a_small_sample_below_thirty_responses_by_default(count, small):
    assert is_small_sample(count) is small


def test_the_minimum_comes_from_the_settings(settings):
    settings.SMALL_SAMPLE_MIN_RESPONSES = 5
    assert is_small_sample(4) and not is_small_sample(5)


@pytest.fixture
def week_of_answers(kit, org):
    """Three residents at the water counter in the last few days, one at the clinic: a small sample everywhere."""
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    kit.respond(at=now - timedelta(days=3), satisfaction=5, trust=True)
    kit.respond(at=now - timedelta(days=4), satisfaction=2, trust=False)
    kit.respond(at=now - timedelta(days=5), service_point=org.clinic_desk, satisfaction=4, trust=True)
    compute_metrics(full=True)
    return kit


def test_a_head_sees_each_share_on_two_answers_marked_with_its_count(client, org, week_of_answers):
    client.force_login(org.head_user)
    page = client.get(reverse("reports:dashboard"))
    text = page.content.decode()
    # Public Works: two responses, each with a satisfaction and a trust answer.
    assert page.context["dashboard"].current.satisfaction_answers == 2
    assert '50.0\u00a0% <span class="sample-note"' in text  # the card, the drivers, channels, points, units
    assert text.count(f"{NOTE}2 responses") >= 8
    assert "Points drawn as hollow triangles rest on fewer than 30 responses" in text


def test_enough_responses_carry_no_note(client, org, week_of_answers, settings):
    settings.SMALL_SAMPLE_MIN_RESPONSES = 2
    client.force_login(org.head_user)
    text = client.get(reverse("reports:dashboard")).content.decode()
    assert NOTE not in text
    assert "hollow triangles" not in text


def test_the_trend_chart_marks_weeks_with_too_few_answers(client, org, kit, settings):
    """Two weeks, three and two weeks back: a quiet one with 2 answers and a busy one with 3; the minimum 3."""
    settings.SMALL_SAMPLE_MIN_RESPONSES = 3
    quiet = local_today() - timedelta(days=local_today().weekday() + 21)  # a Monday
    busy = quiet + timedelta(days=7)
    for day, satisfied in ((quiet, 5), (quiet, 1), (busy, 5), (busy, 4), (busy, 2)):
        kit.respond(at=local(day.year, day.month, day.day, 12), satisfaction=satisfied, trust=True)
    compute_metrics(full=True)
    client.force_login(org.head_user)
    page = client.get(reverse("reports:dashboard"), {"period": "90d"})
    chart = page.context["charts"]["trend"]
    assert chart["labels"] == [quiet.isoformat(), busy.isoformat()]
    satisfied = chart["series"][0]
    assert satisfied["data"] == [50.0, 66.7]  # 1 of 2; 2 of 3
    assert satisfied["low"] == [True, False]
    assert satisfied["notes"] == ["low confidence: 2 responses", ""]
    assert chart["low_points"] is True
    table = page.content.decode().split('id="trend-heading"')[1].split("</table>")[0]
    assert table.count(f"{NOTE}2 responses") == 2  # satisfied and trust of the quiet week
    assert f"{NOTE}3 responses" not in table


@pytest.fixture
def published(org):
    return ServiceStandard.objects.create(
        department=org.water,
        title="Residents leave satisfied",
        measure="survey_driver",
        driver="satisfaction",
        target=Decimal("60"),
        published=True,
    )


@pytest.mark.parametrize("answers, marked", [(12, True), (40, False)])
def test_the_public_standards_page_marks_a_result_only_on_few_answers(client, published, answers, marked):
    StandardCompliance.objects.create(
        quarter=last_finished_quarter(),
        standard=published,
        measured=Decimal("75"),
        target=Decimal("60"),
        met=True,
        answers=answers,
    )
    text = client.get(reverse("reports_public:standards")).content.decode()
    assert f"from {answers} answers." in text
    assert (f"{NOTE}{answers} responses" in text) is marked
    assert (NOTE in text) is marked


@pytest.fixture
def last_year(kit, org, settings):
    settings.FISCAL_YEAR_START_MONTH = 7
    year = fiscal_year_of(local_today()) - 1
    start, _end = fiscal_year_bounds(year)
    for offset, satisfied in ((10, 5), (11, 4)):
        day = start + timedelta(days=offset)
        kit.respond(at=local(day.year, day.month, day.day, 10), satisfaction=satisfied, trust=True)
    compute_metrics(full=True)
    return year


def test_the_annual_report_marks_shares_on_two_answers(client, org, last_year):
    client.force_login(org.admin_user)
    text = client.get(reverse("reports:annual"), {"year": last_year}).content.decode()
    drivers = text.split("What residents told us, driver by driver")[1]
    assert '100.0\u00a0% <span class="sample-note"' in drivers
    assert drivers.count(f"{NOTE}2 responses") >= 4  # satisfaction and trust, for Public Works and the total


def test_the_annual_report_pdf_says_it_in_words(org, last_year):
    report = build_annual_report(root=org.county, fiscal_year=last_year, today=local_today())
    assert f"{NOTE}2 responses" in annual_pdf_html(report)


def test_the_printed_annual_report_carries_the_note(client, org, last_year, settings, tmp_path):
    settings.JOBS_DIR = tmp_path
    client.force_login(org.head_user)
    client.post(reverse("reports:annual"), {"department": org.public_works.pk, "year": last_year})
    [job] = run_queued_jobs()
    assert job.status == "done", job.error
    document = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    text = subprocess.run(["pdftotext", "-", "-"], input=document, capture_output=True, check=True).stdout.decode()
    assert f"{NOTE}2" in " ".join(text.split())
