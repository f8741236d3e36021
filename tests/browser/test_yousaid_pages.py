"""'You said, we did' in a real browser: a head drafts and sends an action, a program admin publishes it, and
residents read it on /standards/ in English and Spanish; every page checked by axe-core."""

import pytest

from tests.yousaid.conftest import water_text
from yousaid.models import ActionStatus, FeedbackAction
from yousaid.services import save_action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_head_drafts_an_action_and_a_program_admin_publishes_it(
    browser, page, live_server, org, sign_in, axe_violations, screenshot
):
    sign_in(page, live_server, "head")
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("button", name="Responses").click()
    menu.get_by_role("link", name="You said, we did").click()
    page.get_by_role("link", name="Write an action").click()
    page.get_by_label("Department").select_option(label="Water")
    page.get_by_label("Service point").select_option(label="Water: Water counter")
    page.get_by_label("What residents said (English)").fill("The counter closed for lunch without warning.")
    page.get_by_label("What we changed (English)").fill("The counter now stays open over lunch.")
    page.get_by_label("What residents said (Spanish)").fill("El mostrador cerraba al mediodía sin aviso.")
    page.get_by_label("What we changed (Spanish)").fill("El mostrador ahora sigue abierto al mediodía.")
    assert axe_violations(page) == []
    screenshot(page, "yousaid-head-form")
    page.get_by_role("button", name="Save as draft").click()
    assert page.get_by_text("The draft is saved.").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send for review").click()
    assert page.get_by_text("The action is sent for review.").is_visible()

    admin = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page()
    sign_in(admin, live_server, "admin")
    counted = admin.locator("[data-role=admin] a.home-count")
    assert counted.get_attribute("data-count") == "1"
    counted.click()
    admin.get_by_role("link", name="The counter now stays open over lunch.").click()
    assert admin.get_by_text("El mostrador ahora sigue abierto al mediodía.").is_visible()
    assert axe_violations(admin) == []
    screenshot(admin, "yousaid-admin-review")
    admin.get_by_role("button", name="Publish").click()
    assert admin.get_by_text("The action is published on the standards page.").is_visible()
    assert FeedbackAction.objects.get().status == ActionStatus.PUBLISHED

    for language, text in (("en", "The counter now stays open over lunch."), ("es", "El mostrador ahora sigue")):
        resident = browser.new_context(bypass_csp=True).new_page()
        resident.goto(f"{live_server.url}/standards/")
        if language == "es":
            resident.get_by_role("button", name="Español").click()
        assert resident.get_by_text(text).is_visible()
        assert axe_violations(resident) == []
        screenshot(resident, f"yousaid-standards-{language}")
        resident.context.close()
    admin.context.close()


def test_a_return_without_a_note_is_explained_next_to_the_note_box(page, live_server, org, sign_in, axe_violations):
    action = save_action(action=None, text=water_text(org), by=org.head_user, submit=True)
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    page.get_by_role("button", name="Return for changes").click()
    assert page.get_by_text("Say what the head should change").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Note to the head").fill("Say which counter, please.")
    page.get_by_role("button", name="Return for changes").click()
    assert page.get_by_text("The action is returned to its department with your note.").is_visible()
