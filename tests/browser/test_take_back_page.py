"""A resident takes back their contact details with the keyboard only; axe-core checks every state."""

import random

import pytest

from demo.org import seed_org
from demo.surveys import seed_surveys
from surveys.models import Response
from surveys.services.contact import take_back_token
from surveys.services.responses import submit_response
from surveys.submission import AnswerValue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asked_to_be_contacted(db):
    """A resident who answered the demo survey in Spanish and asked to be contacted."""
    rng = random.Random(2026)
    seed_org(rng)
    link = seed_surveys(rng)["link"]
    answers = [
        AnswerValue(question, number=4) if question.scale else AnswerValue(question, text="Muy amables.")
        for question in link.survey.questions.all()
        if question.scale or question.max_length
    ]
    return submit_response(
        link=link,
        answers=answers,
        language="es",
        contact={"contact_name": "Rosa Díaz", "contact_email": "rosa@example.com"},
    )


def test_a_resident_takes_back_their_details_with_the_keyboard(
    page, live_server, asked_to_be_contacted, axe_violations, screenshot
):
    path = f"/s/contact/{take_back_token(asked_to_be_contacted)}/"
    page.goto(f"{live_server.url}{path}")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).count() == 1
    assert axe_violations(page) == []
    screenshot(page, "surveys-take-back-es")

    for _step in range(50):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit" and "lang" not in page.evaluate(
            "document.activeElement.outerHTML"
        ):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("status").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "surveys-take-back-done-es")
    response = Response.objects.get(pk=asked_to_be_contacted.pk)
    assert response.contact_withdrawn_at is not None and response.contact_email == ""

    page.goto(f"{live_server.url}{path}")
    assert page.locator("form button.btn-danger").count() == 0  # nothing left to delete
    assert axe_violations(page) == []


def test_the_page_in_english(page, live_server, asked_to_be_contacted, axe_violations, screenshot):
    Response.objects.filter(pk=asked_to_be_contacted.pk).update(language="en")
    page.goto(f"{live_server.url}/s/contact/{take_back_token(asked_to_be_contacted)}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Delete your contact details"
    assert page.get_by_role("button", name="Delete my contact details").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "surveys-take-back-en")
