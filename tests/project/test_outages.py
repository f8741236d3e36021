"""Redis down: the outage is logged once, rate limits count in memory, staff sign in and work as usual."""

import logging

import pytest
from django.urls import reverse

from serviceculture.outages import Outage
from tests.factories import PASSWORD


def _outage_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "serviceculture.outages"]


def test_an_outage_is_logged_when_it_begins_and_when_it_ends_not_on_every_failure(caplog):
    caplog.set_level(logging.WARNING)
    outage = Outage("The test server", consequence="we carry on", pause_seconds=0)
    for _failure in range(3):
        outage.failed(ConnectionError("refused"))
    outage.succeeded()
    outage.succeeded()
    assert _outage_lines(caplog) == [
        "The test server is unreachable (refused); we carry on. Logged once until it is back.",
        "The test server is back after 0 s.",
    ]


def test_after_a_failure_callers_leave_the_server_alone_for_a_pause():
    outage = Outage("The test server", consequence="we carry on", pause_seconds=3600)
    assert outage.should_try()
    outage.failed(ConnectionError("refused"))
    assert not outage.should_try()
    assert outage.is_down


def test_when_the_pause_ends_one_caller_tries_again_while_the_others_still_wait():
    outage = Outage("The test server", consequence="we carry on", pause_seconds=0)
    outage.failed(ConnectionError("refused"))
    outage.pause_seconds = 3600
    assert outage.should_try()  # this one tries ...
    assert not outage.should_try()  # ... the next waits for its answer


@pytest.mark.django_db
def test_a_head_signs_in_and_works_while_redis_is_down(client, org, redis_down):
    signed_in = client.post(reverse("account_login"), {"login": "head", "password": PASSWORD}, follow=True)
    assert signed_in.status_code == 200 and signed_in.context["user"].username == "head"
    for page in ("/", "/surveys/responses/", "/reports/", "/training/", "/evaluations/"):
        assert client.get(page).status_code == 200, page
    assert client.post(reverse("account_logout")).status_code == 302


@pytest.mark.django_db
def test_a_program_admin_makes_a_survey_and_sees_the_message_while_redis_is_down(client, org, redis_down):
    client.force_login(org.admin_user)
    made = client.post(reverse("surveys:survey_create"), {"standard": "a11"}, follow=True)
    assert "A draft survey was created" in made.content.decode()
    assert client.get("/admin/").status_code == 200


def test_the_500_page_promises_nothing_it_cannot_keep(rf):
    from serviceculture.views import server_error

    text = server_error(rf.get("/")).content.decode()
    assert "is lost" not in text and "se perdió" not in text
    assert "it may not have reached us: please send it again" in text
    assert "Anything for which you saw a thank-you page has reached us." in text
