"""A head's alert settings and the comment themes in a real browser: keyboard-usable choices, the words that
matched highlighted in the inbox, and the dashboard's theme count followed to its comments, checked by axe-core."""

import pytest

from surveys import themes
from surveys.models import SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from surveys.services.responses import submit_response
from tests.surveys.test_services import answers_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting(org):
    themes.save_theme(theme=None, by=org.admin_user, name_en="Wait time", name_es="Tiempo de espera",
                      words_en="wait time", words_es="tiempo de espera")  # fmt: skip
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    for comment in ("The wait time was <b>long</b>", "Mucho TIEMPO de espera", "All good"):
        submit_response(link=link, answers=answers_for(survey, text=comment), language="en")


def test_a_head_chooses_alerts_with_the_keyboard(page, live_server, org, sign_in, axe_violations, screenshot):
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/surveys/alerts/")
    assert axe_violations(page) == []
    page.get_by_role("radio", name="A low response (satisfaction 1 or 2, or a thumbs-down) In a daily digest").check()
    words = page.get_by_role("textbox", name="Watched words")
    words.fill("fuga de agua")
    words.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Save"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Your alert settings are saved.").is_visible()
    assert org.head_user.alert_settings.low_response == "digest"
    screenshot(page, "alert-settings")


def test_a_head_follows_a_theme_count_to_the_comments_and_sees_the_words(
    page, live_server, org, waiting, sign_in, axe_violations, screenshot
):
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/reports/?period=30d")
    page.get_by_role("link", name="2 responses about Wait time").click()
    page.wait_for_load_state()
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    assert page.locator("mark").get_by_text("TIEMPO de espera", exact=True).count() == 1
    assert "<b>long</b>" in rows.first.inner_text() + rows.last.inner_text()  # shown as text, not markup
    assert axe_violations(page) == []
    screenshot(page, "inbox-theme-words")


def test_the_theme_list_passes_axe(page, live_server, org, waiting, sign_in, axe_violations):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/surveys/themes/")
    assert page.get_by_role("rowheader", name="Wait time / Tiempo de espera").is_visible()
    assert axe_violations(page) == []
