"""The surveys part of seed_demo: a live A-11 survey with varied responses, and idempotent."""

import random

import pytest
from django.db.models import Avg

from demo.org import seed_org
from demo.surveys import seed_surveys
from surveys.models import Compliment, Response, SurveyStatus

pytestmark = pytest.mark.django_db


def test_demo_surveys_are_realistic_and_idempotent():
    rng = random.Random(2026)
    seed_org(rng)
    result = seed_surveys(rng)
    survey = result["survey"]
    assert survey.status == SurveyStatus.LIVE and survey.accepts_answers()
    assert result["link"].public_url.endswith(f"/s/{result['link'].token}/")
    assert 300 <= Response.objects.count() <= 500
    assert Response.objects.values("department").distinct().count() >= 6
    assert Response.objects.values("channel").distinct().count() >= 5
    assert Response.objects.filter(language="es").exists() and Response.objects.filter(wants_contact=True).exists()
    assert Compliment.objects.confirmed().exists() and Compliment.objects.filter(status="pending").exists()
    means = dict(
        Response.objects.filter(answers__driver="satisfaction")
        .values_list("department__code")
        .annotate(mean=Avg("answers__score"))
    )
    assert means["PARKS"] > means["MVL"] + 0.5  # the departments differ, as real ones do
    count = Response.objects.count()
    seed_surveys(random.Random(1))
    assert Response.objects.count() == count
