"""Workshop mode: a facilitator opens a session's workshop, participants join from a phone with its short code
(no account needed), the facilitator publishes answers to the wall, program leaders review a module's answers."""

import types

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from org.roles import Role
from serviceculture import short_codes
from tests.factories import make_employee, make_user
from training.models import WorkshopAnswer, WorkshopAnswerStatus
from training.services.learning import complete_self_paced
from training.services.workshops import (
    find_workshop,
    moderate_answer,
    prompts_for,
    read_answers,
    set_workshop_open,
    submit_self_paced_answers,
    submit_workshop_answers,
)
from training.workshop_selectors import themes_of

pytestmark = pytest.mark.django_db

WORD_PROMPT = "What does 'bureaucrat' mean to you?"


@pytest.fixture
def workshop(org, session):
    """The session's module has a word exercise, and the facilitator has opened the workshop."""
    version = session.module_version
    version.word_prompt = WORD_PROMPT
    version.save(update_fields=["word_prompt"])
    return set_workshop_open(session=session, open=True, by=org.trainer_user)


@pytest.fixture
def one_rate_window(monkeypatch):
    """The limits count in fixed windows of the clock: the clock stands still at the start of one."""
    import django_ratelimit.core

    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: 1_800_000_000.0))


def answer_url(session) -> str:
    return reverse("workshop:answer", args=[session.workshop_code])


def words(good="reliable", bad="slow") -> dict:
    return {"words-good": good, "words-bad": bad}


def send(session, data, employee=None) -> int:
    return submit_workshop_answers(
        session=session, employee=employee, read=read_answers(prompts_for(session.module_version, session), data)
    )


# --- services ------------------------------------------------------------------------------------------


def test_a_workshop_gets_a_short_code_the_first_time_it_opens_and_keeps_it(org, workshop):
    code = workshop.workshop_code
    assert len(code) == short_codes.LENGTH and set(code) <= set(short_codes.ALPHABET)
    closed = set_workshop_open(session=workshop, open=False, by=org.trainer_user)
    reopened = set_workshop_open(session=closed, open=True, by=org.trainer_user)
    assert reopened.workshop_code == code and reopened.workshop_set_by == org.trainer_user


def test_the_code_is_found_whatever_the_case_and_nothing_else_is(workshop):
    assert find_workshop(f" {workshop.workshop_code.lower()} ") == workshop
    assert find_workshop("0OIL") is None
    assert find_workshop("") is None


def test_prompts_are_the_wrap_up_questions_the_session_prompt_and_the_word_exercise(workshop):
    prompts = prompts_for(workshop.module_version, workshop)
    assert [prompt.text for prompt in prompts] == [
        *workshop.module_version.wrap_up_questions,
        workshop.reflection_prompt,
        WORD_PROMPT,
    ]
    assert [prompt.kind for prompt in prompts][-1] == "words"


def test_a_closed_workshop_refuses_answers(org, workshop):
    set_workshop_open(session=workshop, open=False, by=org.trainer_user)
    with pytest.raises(ValidationError) as refused:
        send(workshop, words())
    assert refused.value.code == "closed"
    assert not WorkshopAnswer.objects.exists()


def test_answers_are_anonymous_unless_an_employee_is_given(org, workshop):
    send(workshop, {**words(), "q0": "It saves time."})
    send(workshop, words("fair", "rigid"), employee=org.water_worker)
    assert sorted((a.kind, a.employee_id or 0) for a in WorkshopAnswer.objects.all()) == [
        ("text", 0),
        ("words", 0),
        ("words", org.water_worker.pk),
    ]


def test_reading_answers_keeps_the_limits_and_needs_one_answer(workshop):
    prompts = prompts_for(workshop.module_version, workshop)
    assert read_answers(prompts, {}).errors == {"__all__": "Please write at least one answer before sending."}
    too_long = read_answers(prompts, {"q0": "x" * 1001, "words-good": "w" * 41})
    assert set(too_long.errors) == {"q0", "words-good"} and not too_long.is_valid
    spaced = read_answers(prompts, {"words-good": "  red   tape ", "q1": "  "})
    assert spaced.is_valid and spaced.answers[0][1] == {"good_word": "red tape", "bad_word": ""}


def test_moderation_publishes_and_hides_and_refuses_an_unknown_state(org, workshop):
    send(workshop, words())
    answer = WorkshopAnswer.objects.get()
    moderate_answer(answer=answer, status="published", by=org.trainer_user)
    answer.refresh_from_db()
    assert answer.status == WorkshopAnswerStatus.PUBLISHED and answer.moderated_by == org.trainer_user
    with pytest.raises(ValidationError):
        moderate_answer(answer=answer, status="deleted", by=org.trainer_user)


def test_self_paced_learners_reflect_only_after_completing_the_module(org, version):
    version.word_prompt = WORD_PROMPT
    version.save(update_fields=["word_prompt"])
    read = read_answers(prompts_for(version), words())
    with pytest.raises(ValidationError) as refused:
        submit_self_paced_answers(version=version, employee=org.water_worker, read=read)
    assert refused.value.code == "not_completed"
    complete_self_paced(module_version=version, employee=org.water_worker, wrap_up_answers=[], commitment="Greet")
    assert submit_self_paced_answers(version=version, employee=org.water_worker, read=read) == 1
    assert WorkshopAnswer.objects.get().session is None


def test_themes_are_words_and_phrases_used_in_more_than_one_answer():
    themes = dict(
        themes_of(["Residents deserve respect.", "Respect for residents, always.", "The residents deserve it."])
    )
    assert themes == {"residents": 3, "respect": 2, "deserve": 2, "residents deserve": 2}


# --- the participant's pages ------------------------------------------------------------------------------


def test_typing_the_code_leads_to_the_workshop_and_a_wrong_one_says_so(client, workshop):
    found = client.get("/w/", {"code": workshop.workshop_code.lower()})
    assert found.status_code == 302 and found["Location"] == answer_url(workshop)
    missing = client.get("/w/", {"code": "ZZZZ"})
    assert missing.status_code == 404 and "No open workshop has the code" in missing.content.decode()
    assert client.get("/w/").status_code == 200


def test_anyone_joins_without_an_account_and_answers(client, workshop):
    page = client.get(answer_url(workshop))
    assert page.status_code == 200 and escape(WORD_PROMPT) in page.content.decode()
    assert "Your answers are anonymous" in page.content.decode()
    sent = client.post(answer_url(workshop), {**words(), "q0": "It saves us time."})
    assert sent.status_code == 302 and sent["Location"].endswith("?sent=1")
    assert WorkshopAnswer.objects.filter(employee=None).count() == 2
    assert "your answers are in" in client.get(sent["Location"]).content.decode()


def test_a_signed_in_participant_is_linked_to_their_employee(client, org, workshop):
    client.force_login(org.employee_user)
    page = client.get(answer_url(workshop))
    assert "You are signed in as Walter Worker" in page.content.decode()
    client.post(answer_url(workshop), words())
    assert WorkshopAnswer.objects.get().employee == org.water_worker


def test_a_closed_workshop_says_so_and_keeps_what_was_typed(client, org, workshop):
    set_workshop_open(session=workshop, open=False, by=org.trainer_user)
    page = client.get(answer_url(workshop))
    assert page.status_code == 410 and "not taking answers now" in page.content.decode()
    posted = client.post(answer_url(workshop), {"q0": "My thoughtful answer"})
    assert posted.status_code == 410 and "My thoughtful answer" in posted.content.decode()
    assert not WorkshopAnswer.objects.exists()


def test_bad_input_is_a_400_with_a_message_and_nothing_typed_is_lost(client, workshop):
    empty = client.post(answer_url(workshop), {})
    assert empty.status_code == 400 and "Please write at least one answer" in empty.content.decode()
    too_long = client.post(answer_url(workshop), {"q0": "Kept answer", "words-good": "w" * 41})
    body = too_long.content.decode()
    assert too_long.status_code == 400 and "40 characters at most" in body and "Kept answer" in body
    assert not WorkshopAnswer.objects.exists()


def test_the_answer_form_needs_its_csrf_token(org, workshop):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(answer_url(workshop), words()).status_code == 403
    assert not WorkshopAnswer.objects.exists()


def test_anonymous_answers_are_rate_limited_per_connection_at_a_rooms_pace(client, workshop, one_rate_window):
    for _attempt in range(60):  # a room of sixty behind one office address, all sending in the same minute
        assert client.post(answer_url(workshop), words(), REMOTE_ADDR="203.0.113.9").status_code == 302
    limited = client.post(answer_url(workshop), words(), REMOTE_ADDR="203.0.113.9")
    assert limited.status_code == 429 and "Please wait a minute" in limited.content.decode()
    assert client.post(answer_url(workshop), words(), REMOTE_ADDR="203.0.113.10").status_code == 302
    assert WorkshopAnswer.objects.count() == 61


def test_guessing_codes_is_stopped_and_right_codes_do_not_count(client, workshop, one_rate_window):
    guesser = {"REMOTE_ADDR": "203.0.113.9"}
    for _attempt in range(30):  # the room typing the right code never meets the limit
        assert client.get("/w/", {"code": workshop.workshop_code}, **guesser).status_code == 302
    for attempt in range(20):
        assert client.get(f"/w/{'ABCDEFGHJKMNPQRSTUVW'[attempt]}222", **guesser).status_code == 404
    assert client.get("/w/", {"code": "ZZZZ"}, **guesser).status_code == 429
    assert client.get(answer_url(workshop), **guesser).status_code == 429  # past the limit, even a right code
    assert client.get(answer_url(workshop), REMOTE_ADDR="203.0.113.10").status_code == 200


def test_the_participant_page_speaks_spanish(client, workshop):
    client.post("/i18n/setlang/", {"language": "es", "next": "/w/"})
    page = client.get(answer_url(workshop)).content.decode()
    assert 'lang="es"' in page and "Enviar mis respuestas" in page
    title = workshop.module_version.title
    assert f'<h1 class="h3" lang="en">{title}</h1>' in page  # modules are written in English, and say so


def test_answers_are_escaped_everywhere_they_are_shown(client, org, workshop):
    script = "<script>alert(1)</script>"
    send(workshop, {"q0": script, "words-good": "<b>x</b>"})
    for answer in WorkshopAnswer.objects.all():
        moderate_answer(answer=answer, status="published", by=org.trainer_user)
    client.force_login(org.trainer_user)
    for name in ("training:workshop", "training:workshop_feed", "training:wall", "training:wall_feed"):
        body = client.get(reverse(name, args=[workshop.pk])).content.decode()
        assert script not in body and "&lt;script&gt;" in body, name
    review = client.get(reverse("training:module_review", args=[workshop.module_version.module_id]))
    assert script not in review.content.decode()


# --- the facilitator's pages and who may open them ----------------------------------------------------------


@pytest.fixture
def other_trainer(org):
    return make_user("trainer2", Role.TRAINER, employee=make_employee(org.county, "Otto", "Other"))


FACILITATOR_PAGES = ["training:workshop", "training:workshop_feed", "training:workshop_qr"]


@pytest.mark.parametrize("name", FACILITATOR_PAGES)
@pytest.mark.parametrize(
    "who, status",
    [("trainer_user", 200), ("admin_user", 200), ("other_trainer", 403), ("hr_user", 403), ("employee_user", 403)],
)
def test_who_opens_the_live_page(client, org, workshop, other_trainer, name, who, status):
    client.force_login(other_trainer if who == "other_trainer" else getattr(org, who))
    assert client.get(reverse(name, args=[workshop.pk])).status_code == status


def test_a_signed_out_person_is_sent_to_sign_in_from_the_live_page(client, workshop):
    page = client.get(reverse("training:workshop", args=[workshop.pk]))
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def test_the_live_page_shows_the_join_code_address_and_qr(client, org, workshop):
    client.force_login(org.trainer_user)
    body = client.get(reverse("training:workshop", args=[workshop.pk])).content.decode()
    assert workshop.workshop_code in body and "/w/" in body
    assert reverse("training:workshop_qr", args=[workshop.pk]) in body
    assert 'data-poll-url="' in body and "training/live" in body and "<noscript>" in body
    qr = client.get(reverse("training:workshop_qr", args=[workshop.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_the_facilitator_opens_and_closes_the_workshop(client, org, session):
    client.force_login(org.trainer_user)
    url = reverse("training:workshop_toggle", args=[session.pk])
    client.post(url, {"open": "1"})
    session.refresh_from_db()
    assert session.workshop_open and session.workshop_code
    client.post(url, {"open": "0"})
    session.refresh_from_db()
    assert not session.workshop_open


def test_another_trainer_cannot_open_or_moderate(client, org, workshop, other_trainer):
    send(workshop, words())
    answer = WorkshopAnswer.objects.get()
    client.force_login(other_trainer)
    assert client.post(reverse("training:workshop_toggle", args=[workshop.pk]), {"open": "0"}).status_code == 403
    moderate = reverse("training:workshop_moderate", args=[workshop.pk])
    assert client.post(moderate, {"answer": answer.pk, "status": "published"}).status_code == 403
    answer.refresh_from_db()
    assert answer.status == "new"


def test_the_facilitator_publishes_and_the_wall_shows_only_published_answers(client, org, workshop):
    send(workshop, {"q0": "Shown on the wall", **words("helpful", "slow")})
    send(workshop, {"q0": "Kept off the wall", **words("sneaky", "awful")})
    client.force_login(org.trainer_user)
    moderate = reverse("training:workshop_moderate", args=[workshop.pk])
    for answer in WorkshopAnswer.objects.all():
        status = "hidden" if "Kept" in answer.text or answer.good_word == "sneaky" else "published"
        assert client.post(moderate, {"answer": answer.pk, "status": status}).status_code == 302
    wall = client.get(reverse("training:wall_feed", args=[workshop.pk])).content.decode()
    assert "Shown on the wall" in wall and "helpful" in wall and "slow" in wall
    assert "Kept off the wall" not in wall and "sneaky" not in wall and "awful" not in wall
    live = client.get(reverse("training:workshop_feed", args=[workshop.pk])).content.decode()
    assert "Kept off the wall" in live  # the facilitator still sees what they hid


def test_moderating_an_answer_of_another_session_is_a_404(client, org, workshop, version):
    from training.services.sessions import schedule_session

    other = schedule_session(
        by=org.trainer_user,
        module_version=version,
        facilitator=workshop.facilitator,
        starts_at=workshop.starts_at,
        location="Room 2",
    )
    set_workshop_open(session=other, open=True, by=org.trainer_user)
    send(other, words())
    client.force_login(org.trainer_user)
    moderate = reverse("training:workshop_moderate", args=[workshop.pk])
    assert client.post(moderate, {"answer": WorkshopAnswer.objects.get().pk, "status": "hidden"}).status_code == 404


def test_the_live_feed_and_the_wall_cost_the_same_with_many_answers(
    client, org, workshop, django_assert_max_num_queries
):
    client.force_login(org.trainer_user)
    urls = [
        reverse(name, args=[workshop.pk])
        for name in ("training:workshop", "training:workshop_feed", "training:wall", "training:wall_feed")
    ]
    send(workshop, {"q0": "One", **words()})
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(100) as captured:
            client.get(url)
        counts[url] = len(captured)
    for number in range(30):
        send(workshop, {"q0": f"Answer {number}", **words(f"good{number}", f"bad{number}")}, employee=org.water_worker)
    for answer in WorkshopAnswer.objects.all():
        moderate_answer(answer=answer, status="published", by=org.trainer_user)
    for url in urls:
        with django_assert_max_num_queries(counts[url], info=url):
            client.get(url)


# --- the module's review ----------------------------------------------------------------------------------


@pytest.fixture
def reviewed(org, workshop, version, other_trainer):
    """Answers from the trainer's workshop, another trainer's session and a self-paced learner."""
    from training.services.sessions import schedule_session

    theirs = schedule_session(
        by=org.admin_user,
        module_version=version,
        facilitator=other_trainer.employee,
        starts_at=workshop.starts_at,
        location="Room 3",
    )
    set_workshop_open(session=theirs, open=True, by=org.admin_user)
    send(workshop, {"q0": "Residents deserve respect", **words("reliable", "slow")})
    send(workshop, {"q0": "Respect for residents", **words("Reliable", "rigid")})
    send(theirs, {"q0": "From the other room"})
    complete_self_paced(
        module_version=version, employee=org.clinic_worker, wrap_up_answers=["Patience pays"], commitment="Greet"
    )
    read = read_answers(prompts_for(version), {"q0": "Learned alone"})
    submit_self_paced_answers(version=version, employee=org.clinic_worker, read=read)
    return theirs


def review_url(version) -> str:
    return reverse("training:module_review", args=[version.module_id])


def test_a_program_admin_reviews_every_answer_with_themes(client, org, version, reviewed):
    client.force_login(org.admin_user)
    body = client.get(review_url(version)).content.decode()
    assert "From the other room" in body and "Learned alone" in body and "Residents deserve respect" in body
    assert "Patience pays" in body  # a wrap-up answer given on completing the module alone
    assert "residents" in body and "×2" in body  # a theme, and "reliable" given twice in the word cloud


def test_a_trainer_reviews_only_their_own_sessions(client, org, version, reviewed):
    client.force_login(org.trainer_user)
    body = client.get(review_url(version)).content.decode()
    assert "Residents deserve respect" in body
    assert "From the other room" not in body and "Learned alone" not in body and "Patience pays" not in body


def test_the_review_includes_what_attendees_wrote_on_their_own_reflection_page(client, org, version, workshop):
    from training.services.learning import submit_reflection
    from training.services.sessions import add_to_roster, record_attendance

    add_to_roster(by=org.trainer_user, session=workshop, employees=[org.water_worker])
    record_attendance(by=org.trainer_user, session=workshop, statuses={org.water_worker.pk: "present"})
    submit_reflection(
        session=workshop,
        employee=org.water_worker,
        wrap_up_answers=["Calm callers take less time", ""],
        reflection="Serving my neighbours",
        commitment="Greet first",
    )
    client.force_login(org.trainer_user)
    body = client.get(review_url(version), {"session": workshop.pk}).content.decode()
    assert "Calm callers take less time" in body and "Serving my neighbours" in body
    assert "Walter" not in body  # the review shows no names


def test_the_review_narrows_to_one_session(client, org, version, workshop, reviewed):
    client.force_login(org.admin_user)
    body = client.get(review_url(version), {"session": reviewed.pk}).content.decode()
    assert "From the other room" in body and "Residents deserve respect" not in body


@pytest.mark.parametrize("who, status", [("hr_user", 403), ("employee_user", 403), ("head_user", 403)])
def test_others_cannot_review(client, org, version, who, status):
    client.force_login(getattr(org, who))
    assert client.get(review_url(version)).status_code == status


def test_the_review_costs_the_same_with_many_answers(client, org, version, workshop, django_assert_max_num_queries):
    client.force_login(org.admin_user)
    send(workshop, {"q0": "First", **words()})
    with django_assert_max_num_queries(100) as captured:
        client.get(review_url(version))
    for number in range(30):
        send(workshop, {"q0": f"Answer number {number}", **words(f"good{number}", "bad")})
    with django_assert_max_num_queries(len(captured)):
        client.get(review_url(version))


# --- self-paced learners ----------------------------------------------------------------------------------


def test_a_self_paced_learner_reflects_from_their_module_page(client, org, version):
    client.force_login(org.employee_user)
    url = reverse("training:learn_reflect", args=[version.pk])
    assert "Complete the module first" in client.get(url).content.decode()
    assert client.post(url, {"q0": "Too early"}).status_code == 400
    complete_self_paced(module_version=version, employee=org.water_worker, wrap_up_answers=[], commitment="Greet")
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"q0": "Calm callers are quicker"}).status_code == 302
    answer = WorkshopAnswer.objects.get()
    assert answer.employee == org.water_worker and answer.session is None and answer.text == "Calm callers are quicker"


def test_the_wall_feed_is_for_attendees_and_trainers_only(client, org, workshop):
    from training.services.sessions import add_to_roster, record_attendance

    url = reverse("training:wall_feed", args=[workshop.pk])
    client.force_login(org.employee_user)
    assert client.get(url).status_code == 404
    add_to_roster(by=org.trainer_user, session=workshop, employees=[org.water_worker])
    record_attendance(by=org.trainer_user, session=workshop, statuses={org.water_worker.pk: "present"})
    assert client.get(url).status_code == 200
    client.force_login(org.hr_user)
    assert client.get(url).status_code == 200
