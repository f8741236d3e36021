"""Fixtures for the surveys tests: a live A-11 survey offered at the water counter."""

import pytest
from django.utils import translation

from surveys.models import LinkKind, SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links


@pytest.fixture(autouse=True)
def english_by_default():
    """A request in Spanish leaves Spanish active in the test's thread: every test starts in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def survey(org):
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    return survey


@pytest.fixture
def open_link(survey, org):
    return create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]


@pytest.fixture
def single_link(survey, org):
    return create_links(survey=survey, service_point=org.counter, kind=LinkKind.SINGLE_USE, by=org.admin_user)[0]


@pytest.fixture
def clinic_link(survey, org):
    return create_links(survey=survey, service_point=org.clinic_desk, by=org.admin_user)[0]


@pytest.fixture
def one_rate_window(monkeypatch):
    """The limits count in fixed windows of the clock (10 a minute): a minute turning over mid-test would start
    a new count. The clock stands still at the start of a window instead."""
    import types

    import django_ratelimit.core

    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: 1_800_000_000.0))


def answers_post(survey, **extra) -> dict:
    """A complete, valid post: every scale question answered 4, the comment filled."""
    data = {}
    for question in survey.questions.all():
        data[f"q{question.pk}"] = "A helpful visit." if question.scale is None else "4"
    data.update(extra)
    return data
