"""A head's inbox in a real browser: the satisfaction column, the low-score and driver filters, and a dashboard
figure followed to its responses, checked by axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reports.services import compute_metrics
from tests.reports.conftest import SurveyKit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def residents(org):
    kit = SurveyKit(org)
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    for days, score, trust in ((1, 1, False), (2, 5, True), (3, 4, True), (4, 3, False), (5, 2, True)):
        kit.respond(at=now - timedelta(days=days), satisfaction=score, trust=trust)
    compute_metrics(full=True)


def _rows(page):
    return page.locator("table tbody tr")


def test_a_head_reads_satisfaction_at_a_glance_and_filters_the_low_scores(
    page, live_server, org, residents, sign_in, axe_violations, screenshot
):
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/surveys/responses/")
    assert page.get_by_role("columnheader", name="Satisfaction").is_visible()
    newest = _rows(page).first
    assert "1 of 5" in newest.inner_text() and "Low: Trust / confidence" in newest.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "inbox-satisfaction-column")

    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Low scores").select_option("true")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_load_state()
    assert _rows(page).count() == 3  # the 1, the 2, and the 3 with a thumbs-down on trust
    page.get_by_label("Low scores").select_option("")
    page.get_by_label("Satisfaction", exact=True).select_option("satisfied")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_load_state()
    assert _rows(page).count() == 2
    assert axe_violations(page) == []
    screenshot(page, "inbox-filtered")


def test_a_head_follows_the_satisfied_figure_to_its_responses(
    page, live_server, org, residents, sign_in, axe_violations
):
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="See the 5 responses (Satisfied)").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Responses").is_visible()
    assert _rows(page).count() == 5
    assert page.get_by_label("Satisfaction", exact=True).input_value() == "answered"
    assert axe_violations(page) == []


def test_a_compliment_two_people_could_be_meant_says_so_and_chooses_nobody(
    page, live_server, org, sign_in, axe_violations
):
    from surveys.models import Compliment
    from tests.factories import make_employee

    make_employee(org.water, "Walter", "Wong")
    kit = SurveyKit(org)
    response = kit.respond(at=timezone.now() - timedelta(hours=2), satisfaction=5)
    Compliment.objects.create(response=response, named_text="Walter")
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/surveys/responses/{response.pk}/")
    who = page.get_by_label("Who was meant")
    assert who.input_value() == ""
    assert who.get_by_role("option").all_inner_texts() == [
        "No one we can identify (reject)",
        "Walter Wong",
        "Walter Worker",
    ]
    assert "2 people here answer to “Walter”" in page.locator("#compliment-namesakes").inner_text()
    assert axe_violations(page) == []


def test_the_flag_button_on_a_response_has_enough_contrast(page, live_server, org, sign_in, axe_violations, screenshot):
    response = SurveyKit(org).respond(at=timezone.now(), satisfaction=1, trust=False)
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/surveys/responses/{response.pk}/")
    flag = page.get_by_role("button", name="Flag", exact=True)
    assert flag.is_visible()
    assert axe_violations(page) == []
    page.emulate_media(reduced_motion="reduce")  # Bootstrap then drops its colour transition: axe reads the end state
    flag.hover()  # the pressed and hovered look is white on the same amber
    assert axe_violations(page) == []
    screenshot(page, "response-flag")
