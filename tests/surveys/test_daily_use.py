"""What residents and program admins run into every day: an error summary that names the questions, a thank-you
page that says when the department will reply, a warning when links are made for a survey that is not live,
and a short address on the poster."""

import re
from datetime import date
from importlib import import_module

import pytest
import segno
from django.apps import apps as django_apps
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse

from serviceculture.dates import add_working_days
from surveys.models import SurveyLink, SurveyStatus
from surveys.services import links as link_service
from surveys.services.contact import reply_promise
from surveys.services.links import CODE_ALPHABET, create_links, find_by_code
from tests.surveys.conftest import answers_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def respond_url(link):
    return reverse("surveys_public:respond", args=[link.token])


def summary_items(html: str) -> list[str]:
    """The error summary's items as a resident reads them, tags dropped."""
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S)
    assert summary, "no error summary on the page"
    items = re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)
    return [" / ".join(part.strip() for part in re.split(r"<[^>]+>", item) if part.strip()) for item in items]


# --- The error summary ----------------------------------------------------------------------------------


def test_the_error_summary_names_each_unanswered_question_and_links_to_it(client, open_link, survey):
    for question in survey.questions.all():
        question.required = question.scale is not None
        question.save()
    required = list(survey.questions.filter(required=True).order_by("order"))
    page = client.post(respond_url(open_link), {})
    html = page.content.decode()
    assert page.status_code == 400
    assert summary_items(html) == [f"{question.text} / Please answer this question." for question in required]
    for question in required:
        assert f'<a href="#q{question.pk}-0">{question.text}</a>' in html
        assert f'id="q{question.pk}-0"' in html  # the link lands on the question's first option
    # each field keeps its own short message, without repeating the question
    assert html.count('class="field-error"') == len(required)


def test_the_error_summary_names_the_question_in_spanish(client, open_link, survey):
    required = survey.questions.get(required=True)
    data = answers_post(survey)
    del data[f"q{required.pk}"]
    page = client.post(respond_url(open_link), data, HTTP_ACCEPT_LANGUAGE="es")
    assert required.text_es
    assert summary_items(page.content.decode()) == [f"{required.text_es} / Por favor, responda a esta pregunta."]


def test_the_error_summary_names_a_contact_field_by_its_label(client, open_link, survey):
    page = client.post(
        respond_url(open_link), answers_post(survey, wants_contact="yes", contact_email="not-an-address")
    )
    html = page.content.decode()
    assert summary_items(html) == ["Email / Please give an email address like name@example.com."]
    assert '<a href="#id_contact_email">Email</a>' in html


# --- The thank-you page ---------------------------------------------------------------------------------


def test_working_days_skip_the_weekend():
    # Tuesday 1 December 2026 + 3 working days = Friday 4; Thursday 3 + 3 = Tuesday 8 (Sat 5 and Sun 6 skipped);
    # Saturday 5 + 1 = Monday 7.
    assert add_working_days(date(2026, 12, 1), 3) == date(2026, 12, 4)
    assert add_working_days(date(2026, 12, 3), 3) == date(2026, 12, 8)
    assert add_working_days(date(2026, 12, 5), 1) == date(2026, 12, 7)


def test_the_reply_promise_comes_from_the_setting(settings):
    settings.RESIDENT_REPLY_WORKING_DAYS = 5
    promise = reply_promise(date(2026, 12, 3))  # a Thursday
    assert (promise.working_days, promise.by) == (5, date(2026, 12, 10))


@pytest.fixture
def on_a_thursday(monkeypatch):
    monkeypatch.setattr("surveys.services.contact.local_today", lambda: date(2026, 12, 3))


def test_a_resident_who_asked_to_be_contacted_is_told_when(client, open_link, survey, settings, on_a_thursday):
    settings.RESIDENT_REPLY_WORKING_DAYS = 3
    sent = client.post(
        respond_url(open_link), answers_post(survey, wants_contact="yes", contact_email="ana@example.com")
    )
    thanks = client.get(sent["Location"])
    text = re.sub(r"\s+", " ", thanks.content.decode())
    assert "will reply within 3 working days, by Tuesday, Dec. 8, 2026 at the latest" in text


def test_the_reply_promise_is_in_spanish_for_a_spanish_resident(client, open_link, survey, settings, on_a_thursday):
    settings.RESIDENT_REPLY_WORKING_DAYS = 1
    sent = client.post(
        respond_url(open_link),
        answers_post(survey, wants_contact="yes", contact_phone="555-0100"),
        HTTP_ACCEPT_LANGUAGE="es",
    )
    thanks = client.get(sent["Location"], HTTP_ACCEPT_LANGUAGE="es")
    assert "viernes" in thanks.content.decode()  # Thursday + 1 working day


def test_a_resident_who_did_not_ask_to_be_contacted_is_promised_nothing(client, open_link, survey):
    sent = client.post(respond_url(open_link), answers_post(survey))
    assert sent["Location"] == reverse("surveys_public:thanks", args=[open_link.token])
    assert "working day" not in client.get(sent["Location"]).content.decode()


# --- Links and posters for a survey that is not live ----------------------------------------------------


def test_making_a_link_for_a_draft_survey_warns_the_admin(client, org, survey):
    survey.status = SurveyStatus.DRAFT
    survey.save()
    client.force_login(org.admin_user)
    made = client.post(
        reverse("surveys:link_create", args=[survey.pk]), {"service_point": org.counter.pk, "kind": "open", "count": 1}
    )
    warnings = [str(message) for message in get_messages(made.wsgi_request) if message.level_tag == "warning"]
    draft_warning = (
        "This survey is a draft: residents who open its links are told it is not taking answers. "
        "Set it live before the links or posters reach residents."
    )
    assert warnings == [draft_warning]
    assert survey.links.count() == 1  # made all the same: posters are printed before a launch
    detail = client.get(survey.get_absolute_url()).content.decode()
    assert 'id="links-not-live"' in detail


def test_making_a_link_for_a_live_survey_gives_no_warning(client, org, survey):
    client.force_login(org.admin_user)
    made = client.post(
        reverse("surveys:link_create", args=[survey.pk]), {"service_point": org.counter.pk, "kind": "open", "count": 1}
    )
    assert not [message for message in get_messages(made.wsgi_request) if message.level_tag == "warning"]
    assert 'id="links-not-live"' not in client.get(survey.get_absolute_url()).content.decode()


def test_the_poster_of_a_draft_survey_says_it_takes_no_answers(client, org, survey, open_link):
    client.force_login(org.admin_user)
    poster = reverse("surveys:link_poster", args=[open_link.pk])
    assert 'id="poster-not-live"' not in client.get(poster).content.decode()
    survey.status = SurveyStatus.DRAFT
    survey.save()
    html = client.get(poster).content.decode()
    assert 'id="poster-not-live"' in html and "This survey is a draft" in html


def test_a_survey_that_has_not_opened_yet_says_when_it_opens(survey):
    survey.opens_on = date(2027, 1, 4)
    survey.save()
    assert survey.why_no_answers(today=date(2026, 12, 3)) == (
        "This survey opens on Jan. 4, 2027: until then its links take no answers."
    )
    assert survey.why_no_answers(today=date(2027, 1, 4)) == ""


# --- Short codes ----------------------------------------------------------------------------------------


def test_an_open_link_gets_a_short_code_from_the_unambiguous_alphabet(open_link, single_link):
    assert len(open_link.code) == 4
    assert set(open_link.code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
    assert single_link.code is None  # an invitation for one person is not guessable


def test_the_short_address_leads_to_the_form_whatever_the_case(client, open_link):
    for typed in (open_link.code, open_link.code.lower(), f"{open_link.code.lower()}/"):
        reached = client.get(f"/s/{typed}")
        assert (reached.status_code, reached["Location"]) == (302, respond_url(open_link))
    assert client.get(reverse("surveys_public:short", args=[open_link.code])).status_code == 302


def test_an_unknown_short_code_is_a_404(client, open_link, single_link):
    unknown = next(code for code in ("2222", "3333", "4444") if code != open_link.code)
    assert client.get(f"/s/{unknown}").status_code == 404
    assert client.get("/s/OOOO").status_code == 404  # letters never issued
    single_link.code = "ZZZZ"  # a code on a single-use link (none is ever issued) does not open it
    single_link.save()
    assert client.get("/s/ZZZZ").status_code == 404


def test_a_switched_off_link_is_not_reached_by_its_code(client, open_link):
    open_link.active = False
    open_link.save()
    assert client.get(f"/s/{open_link.code}").status_code == 404


def test_guessing_short_codes_is_rate_limited(client, open_link, one_rate_window):
    for _attempt in range(30):
        client.get("/s/2345", REMOTE_ADDR="203.0.113.9")
    assert client.get(f"/s/{open_link.code}", REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.get(f"/s/{open_link.code}", REMOTE_ADDR="203.0.113.10").status_code == 302


def test_codes_are_unique_even_when_the_first_draws_are_taken(org, survey, open_link, monkeypatch):
    draws = iter([open_link.code, open_link.code, "XY23"])
    monkeypatch.setattr(link_service, "new_code", lambda: next(draws))
    [link] = create_links(survey=survey, service_point=org.clinic_desk, by=org.admin_user)
    assert link.code == "XY23"


def test_many_open_links_get_distinct_codes(org, survey):
    made = [create_links(survey=survey, service_point=org.counter, by=None)[0] for _index in range(40)]
    assert len({link.code for link in made}) == 40
    assert find_by_code(made[7].code.lower()) == made[7]


def test_the_poster_prints_the_short_address_and_the_qr_keeps_the_full_link(
    client, org, open_link, settings, monkeypatch
):
    settings.SITE_URL = "https://harbor.gov"
    encoded: list[str] = []
    real_make = segno.make

    def recording_make(content, **options):
        encoded.append(content)
        return real_make(content, **options)

    monkeypatch.setattr(segno, "make", recording_make)
    client.force_login(org.admin_user)
    html = client.get(reverse("surveys:link_poster", args=[open_link.pk])).content.decode()
    assert f'<p class="short-url">harbor.gov/s/{open_link.code}</p>' in html
    assert client.get(reverse("surveys:link_qr", args=[open_link.pk, "svg"])).status_code == 200
    assert encoded == [f"https://harbor.gov/s/{open_link.token}/"]


def test_the_migration_gives_existing_open_links_a_code(org, survey, open_link, single_link):
    SurveyLink.objects.update(code=None)
    migration = import_module("surveys.migrations.0010_short_codes_for_open_links")
    migration.give_open_links_codes(django_apps, None)
    open_link.refresh_from_db()
    single_link.refresh_from_db()
    assert len(open_link.code) == 4 and set(open_link.code) <= set(CODE_ALPHABET)
    assert single_link.code is None


def test_the_database_refuses_a_code_in_lower_case(open_link):
    # Stored codes are capitals only, so no two links can hold "K7QM" and "k7qm".
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyLink.objects.filter(pk=open_link.pk).update(code=open_link.code.lower())
