"""The API part of seed_demo: the permit system's token works, an old portal's is revoked, and a second run
issues nothing (and so cannot show a secret again)."""

import random

import pytest

from accounts.models import ApiToken
from demo.api import seed_api
from demo.org import seed_org
from demo.surveys import seed_surveys
from surveys.models import SurveyInvitation, TransactionDay
from tests.api.conftest import post_invitation

pytestmark = pytest.mark.django_db


def test_the_demo_permit_system_holds_a_working_token_and_a_second_seed_changes_nothing(client):
    rng = random.Random(2026)
    seed_org(rng)
    seed_surveys(rng)
    secret = seed_api()
    assert secret and ApiToken.objects.live().get().name == "Permit system"
    assert ApiToken.objects.exclude(revoked_at=None).count() == 1
    day = TransactionDay.objects.get()
    assert (day.transactions, day.invited) == (12, 3)  # one in five: the 1st, 6th and 11th
    counter = day.service_point
    answer = post_invitation(client, secret, service_point=counter.pk, channel="counter")
    assert answer.status_code == 200 and answer.json()["outcome"] == "sampled_out"  # the 13th
    assert seed_api() is None and ApiToken.objects.count() == 2 and SurveyInvitation.objects.count() == 3
