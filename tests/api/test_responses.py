"""GET /api/v1/responses: a system reads the residents' answers at its own service points, a page at a time, and
their contact details only when its token was allowed them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.api_tokens import issue_token, revoke_token
from accounts.models import ApiToken
from api import responses as responses_api
from surveys.models import Response
from surveys.services.responses import submit_response
from surveys.submission import AnswerValue
from tests.api.conftest import bearer
from tests.api.test_tokens import PAGE

pytestmark = pytest.mark.django_db

URL = "/api/v1/responses"


def answer(survey, point, *, contact=None, page="", comment="Quick and kind.") -> Response:
    link = point.survey_links.select_related("survey", "service_point").get(survey=survey)
    questions = list(survey.questions.all())
    values = [
        AnswerValue(question=question, text=comment)
        if question.scale is None
        else AnswerValue(question=question, number=4)
        for question in questions
    ]
    return submit_response(link=link, answers=values, language="en", contact=contact, page=page)


def token(org, *points, contacts=False, responses=True) -> str:
    _token, secret = issue_token(
        name="311 desk",
        service_points=points or [org.counter],
        by=org.admin_user,
        may_read_responses=responses,
        may_read_contact_details=contacts,
    )
    return secret


def read(client, secret, **query):
    return client.get(URL, query, **bearer(secret))


def test_a_token_reads_the_responses_at_its_service_points_only(client, org, survey):
    water = answer(survey, org.counter, page="/water/bill")
    answer(survey, org.clinic_desk)
    body = read(client, token(org)).json()
    assert body["count"] == 1 and body["pages"] == 1
    [row] = body["results"]
    assert row["id"] == water.pk and row["service_point"] == org.counter.pk and row["page_path"] == "/water/bill"
    assert {answer["driver"] for answer in row["answers"]} >= {"satisfaction"}
    assert any(answer["text"] == "Quick and kind." for answer in row["answers"])


def test_contact_details_go_only_to_a_token_allowed_them(client, org, survey):
    answer(survey, org.counter, contact={"contact_name": "Ana Ruiz", "contact_email": "ana@example.com"})
    plain = read(client, token(org)).json()["results"][0]
    assert plain["wants_contact"] is True and plain["contact"] is None
    assert "ana@example.com" not in str(plain) and "Ana Ruiz" not in str(plain)
    allowed = read(client, token(org, contacts=True)).json()["results"][0]
    assert allowed["contact"] == {"name": "Ana Ruiz", "email": "ana@example.com", "phone": ""}


def test_a_token_not_allowed_to_read_responses_gets_403(client, org, survey):
    answer(survey, org.counter)
    refused = read(client, token(org, responses=False))
    assert refused.status_code == 403
    assert refused.json() == {"errors": {"__all__": ["This token may not read responses."]}}


def test_contact_details_without_responses_are_refused_when_issued(org):
    with pytest.raises(Exception, match="allow reading responses too"):
        token(org, contacts=True, responses=False)


def test_a_service_point_outside_the_token_is_403_and_inside_filters(client, org, survey):
    answer(survey, org.counter)
    secret = token(org)
    assert read(client, secret, service_point=org.clinic_desk.pk).status_code == 403
    assert read(client, secret, service_point=org.counter.pk).json()["count"] == 1


def test_days_filter_the_responses_and_a_bad_day_is_400_naming_the_field(client, org, survey):
    old = answer(survey, org.counter)
    Response.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=10))
    new = answer(survey, org.counter)
    secret = token(org)
    today = timezone.localdate()
    assert [row["id"] for row in read(client, secret, since=today.isoformat()).json()["results"]] == [new.pk]
    until = (today - timedelta(days=5)).isoformat()
    assert [row["id"] for row in read(client, secret, until=until).json()["results"]] == [old.pk]
    bad = read(client, secret, since="yesterday")
    assert bad.status_code == 400 and "since" in bad.json()["errors"]
    backwards = read(client, secret, since=today.isoformat(), until=until)
    assert backwards.status_code == 400 and "until" in backwards.json()["errors"]


def test_spam_and_deleted_responses_are_not_read(client, org, survey):
    spam, deleted = answer(survey, org.counter), answer(survey, org.counter)
    Response.objects.filter(pk=spam.pk).update(is_spam=True)
    Response.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    assert read(client, token(org)).json()["count"] == 0


def test_pages_hold_page_size_responses_oldest_first_in_a_fixed_number_of_queries(
    client, org, survey, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(responses_api, "PAGE_SIZE", 2)
    made = [answer(survey, org.counter).pk for _index in range(5)]
    secret = token(org)
    read(client, secret)  # the token's last use is written once a minute: not on the counted call
    with django_assert_max_num_queries(6):
        first = read(client, secret).json()
    assert (first["count"], first["pages"], first["page_size"]) == (5, 3, 2)
    assert [row["id"] for row in first["results"]] == made[:2]
    assert [row["id"] for row in read(client, secret, page=3).json()["results"]] == made[4:]
    assert read(client, secret, page=0).status_code == 400


def test_a_revoked_or_missing_token_gets_401(client, org, survey):
    secret = token(org)
    revoke_token(token=ApiToken.objects.get(), by=org.admin_user)
    assert read(client, secret).status_code == 401
    assert client.get(URL).status_code == 401


def test_an_admin_grants_reading_on_the_page(client, org):
    client.force_login(org.admin_user)
    client.post(PAGE, {"name": "311 desk", "service_points": [org.counter.pk], "may_read_responses": "on"})
    issued = ApiToken.objects.get()
    assert issued.may_read_responses and not issued.may_read_contact_details
    assert "invites; reads responses" in client.get(PAGE).text
