"""The dashboards and the public standards page in a real browser, checked by axe-core."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from org.models import ServiceStandard
from reports.services import compute_metrics
from tests.reports.conftest import SurveyKit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reported(org):
    kit = SurveyKit(org)
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    for days, score in ((2, 5), (10, 4), (40, 2), (120, 5)):
        kit.respond(at=now - timedelta(days=days), satisfaction=score, trust=score > 3)
        kit.respond(at=now - timedelta(days=days), service_point=org.clinic_desk, satisfaction=score, trust=True)
    ServiceStandard.objects.create(
        department=org.public_works,
        title="Residents leave satisfied",
        title_es="Los residentes quedan satisfechos",
        measure="survey_driver",
        driver="satisfaction",
        target=Decimal("70"),
        published=True,
    )
    compute_metrics(full=True)


@pytest.mark.parametrize("username", ["head", "admin"])
def test_the_dashboard_is_accessible_and_draws_its_charts(
    page, live_server, org, reported, sign_in, axe_violations, screenshot, username
):
    sign_in(page, live_server, username)
    page.goto(f"{live_server.url}/reports/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="A-11 drivers: share of residents satisfied").is_visible()
    assert page.locator("canvas#chart-drivers").evaluate("canvas => canvas.width > 0 && !!Chart.getChart(canvas)")
    assert axe_violations(page) == []
    screenshot(page, f"reports-dashboard-{username}")


def test_a_head_drills_down_into_a_division(page, live_server, org, reported, sign_in):
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="Water").click()
    assert page.get_by_role("heading", name="Service dashboard: Water").is_visible()
    page.get_by_role("link", name="Up to Public Works").click()
    assert page.get_by_role("heading", name="Service dashboard: Public Works").is_visible()
    assert page.get_by_role("link", name="Up to Test County").count() == 0  # above the head's scope


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_standards_page_is_accessible_in_both_languages(
    browser, live_server, org, reported, axe_violations, screenshot, language
):
    context = browser.new_context(bypass_csp=True, java_script_enabled=True, locale=language)
    page = context.new_page()
    page.goto(f"{live_server.url}/standards/")
    if language == "es":
        page.get_by_role("button", name="Español").click()
        assert page.get_by_role("heading", name="Nuestros estándares de servicio").is_visible()
        assert page.get_by_text("Los residentes quedan satisfechos").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.scripts.length") <= 1  # only axe, which the test injected: the page needs no JS
    screenshot(page, f"reports-standards-{language}")
    context.close()


def test_the_a11_filing_is_accessible_and_its_wide_table_scrolls_from_the_keyboard(
    page, live_server, org, sign_in, axe_violations, screenshot
):
    from tests.reports.test_a11 import Quarter

    quarter = Quarter(org)
    quarter.respond(quarter.poster, quarter.day(5), satisfaction=5, trust=4, effectiveness=5)
    quarter.respond(quarter.poster, quarter.day(6), satisfaction=2, trust=2)
    compute_metrics(full=True)
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/reports/a11/?quarter={quarter.start.isoformat()}")
    region = page.get_by_role("region", name="A-11 filing table, scrolls sideways")
    assert region.get_by_role("cell", name="I am satisfied with the service I received.").count() == 1
    assert axe_violations(page) == []
    region.focus()
    assert region.evaluate("element => element === document.activeElement && element.scrollLeft === 0")
    for _press in range(20):
        page.keyboard.press("ArrowRight")
    assert region.evaluate("element => element.scrollLeft") > 0  # a keyboard alone reaches the q7 columns
    screenshot(page, "reports-a11")


@pytest.mark.parametrize("language", ["English", "Español"])
def test_on_a_phone_the_dashboard_never_scrolls_the_page_sideways(
    page, live_server, org, reported, sign_in, axe_violations, screenshot, language
):
    from reports.models import EnhancementArea, Initiative

    Initiative.objects.create(
        department=org.public_works,
        area=EnhancementArea.TECHNOLOGY,
        description="Let residents report a broken water meter from their phone, with a photo",
        owner=org.pw_head,
        target_date=timezone.localdate() + timedelta(days=90),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "head")
    if language == "Español":
        page.get_by_role("button", name="Español").click()
        page.wait_for_load_state()
    page.goto(f"{live_server.url}/reports/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    # a wide table scrolls inside its own region, which a keyboard can reach and a screen reader names
    regions = page.locator(".table-responsive")
    assert regions.count() > 0
    for index in range(regions.count()):
        assert regions.nth(index).get_attribute("tabindex") == "0"
        assert regions.nth(index).get_attribute("aria-label")
    assert axe_violations(page) == []
    screenshot(page, f"reports-dashboard-phone-{language}")
