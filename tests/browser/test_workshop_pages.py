"""Workshop mode in Chromium: two participants on phones join by code and answer the word exercise, the
facilitator publishes both answers from the live page, and the wall shows both words after its next poll.
axe-core on the participant page (both languages), the live page and the wall; screenshots of each."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import image_width
from tests.training.conftest import published_module
from training.services.sessions import schedule_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def session(org):
    version = published_module(word_prompt="What does 'bureaucrat' mean to you?")
    return schedule_session(
        by=org.trainer_user,
        module_version=version,
        facilitator=org.county.employees.get(first_name="Trina"),
        starts_at=timezone.now() - timedelta(minutes=3),
        location="Room 101",
        capacity=10,
    )


def answer_words(phone, live_server, code: str, good: str, bad: str) -> None:
    phone.goto(f"{live_server.url}/w/")
    phone.get_by_label("Join code").fill(code.lower())
    phone.get_by_role("button", name="Join").click()
    phone.get_by_label("A good word").fill(good)
    phone.get_by_label("A bad word").fill(bad)
    phone.get_by_role("button", name="Send my answers").click()
    assert phone.get_by_text("your answers are in").is_visible()


def test_two_participants_answer_and_the_wall_shows_their_words(
    browser, page, live_server, org, sign_in, axe_violations, screenshot, session
):
    sign_in(page, live_server, "trainer")
    page.goto(f"{live_server.url}/training/sessions/{session.pk}/live/")
    page.get_by_role("button", name="Open the workshop").click()
    code = page.locator(".workshop-code").inner_text().strip()
    assert image_width(page.locator("img.workshop-qr")) > 0

    # Two people, two phones: separate contexts, so separate cookies (axe-core is injected inline, past the CSP).
    phones = [browser.new_context(bypass_csp=True, **PHONE) for _index in range(2)]
    try:
        first, second = (context.new_page() for context in phones)
        first.goto(f"{live_server.url}/w/{code}")
        assert axe_violations(first) == []
        screenshot(first, "workshop-participant-phone")
        answer_words(first, live_server, code, "dependable", "slow")
        answer_words(second, live_server, code, "fair", "red tape")
        second.get_by_role("button", name="Español").click()
        assert second.get_by_role("heading", level=1).is_visible()
        assert axe_violations(second) == []
        screenshot(second, "workshop-participant-phone-es")
    finally:
        for context in phones:
            context.close()

    # The live page polls: both answers arrive without reloading.
    page.locator(".workshop-answers li").nth(1).wait_for()
    assert axe_violations(page) == []
    screenshot(page, "workshop-live")
    for _answer in range(2):
        page.locator(".workshop-answers").get_by_role("button", name="Publish").first.click()
        page.wait_for_load_state()

    wall = page.context.new_page()
    wall.goto(f"{live_server.url}/training/sessions/{session.pk}/wall/")
    assert axe_violations(wall) == []
    wall.get_by_text("dependable").wait_for()
    # A third word arrives after the wall was opened: the next poll brings it.
    from training.models import WorkshopAnswer
    from training.services.workshops import moderate_answer, prompts_for, read_answers, submit_workshop_answers

    session.refresh_from_db()
    read = read_answers(prompts_for(session.module_version, session), {"words-good": "helpful", "words-bad": ""})
    submit_workshop_answers(session=session, employee=None, read=read)
    moderate_answer(answer=WorkshopAnswer.objects.get(good_word="helpful"), status="published", by=org.trainer_user)
    wall.get_by_text("helpful").wait_for()
    for word in ("dependable", "slow", "fair", "red tape"):
        assert wall.get_by_text(word, exact=True).is_visible(), word
    screenshot(wall, "workshop-wall")
