"""Fixtures for the API tests: a live A-11 survey linked at the water counter, a token for it, and a worker that
runs the queued email tasks as Celery would."""

import pytest
from django.core.cache import cache
from django.utils import translation

from accounts.api_tokens import issue_token
from surveys.models import SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links


@pytest.fixture(autouse=True)
def _english_and_fresh_limits():
    cache.clear()
    with translation.override("en"):
        yield


@pytest.fixture
def survey(org):
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    create_links(survey=survey, service_point=org.counter, by=org.admin_user)
    create_links(survey=survey, service_point=org.clinic_desk, by=org.admin_user)
    return survey


@pytest.fixture
def water_token(org, survey):
    """The permit system's token, for the water counter only; its secret."""
    _token, secret = issue_token(name="Permit system", service_points=[org.counter], by=org.admin_user)
    return secret


@pytest.fixture
def queued(monkeypatch):
    """Tasks handed to the broker run at once, in this process, as a worker would run them."""
    from surveys import tasks

    ran: list[int] = []

    def run_now(args, retry=False):
        ran.append(args[0])
        tasks.send_invitation_email.run(*args)

    monkeypatch.setattr(tasks.send_invitation_email, "apply_async", run_now)
    return ran


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post_invitation(client, secret: str, **payload):
    return client.post("/api/v1/invitations", payload, content_type="application/json", **bearer(secret))
