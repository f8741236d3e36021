"""An action of the Water division (under Public Works, led by `head_user`) at each step of its workflow."""

from datetime import timedelta

import pytest

from serviceculture.dates import local_today
from yousaid.models import FeedbackAction
from yousaid.services import ActionText, publish_action, save_action


def water_text(org, **changes) -> ActionText:
    fields = {
        "department": org.water,
        "service_point": org.counter,
        "changed_on": local_today() - timedelta(days=3),
        "you_said_en": "Nobody told us how long the counter queue was.",
        "we_did_en": "A sign at the door now shows the expected wait.",
        "you_said_es": "Nadie nos decía cuánto duraba la fila del mostrador.",
        "we_did_es": "Un letrero en la puerta muestra ahora la espera prevista.",
        **changes,
    }
    return ActionText(**fields)


@pytest.fixture
def draft(org) -> FeedbackAction:
    return save_action(action=None, text=water_text(org), by=org.head_user)


@pytest.fixture
def submitted(org) -> FeedbackAction:
    return save_action(action=None, text=water_text(org), by=org.head_user, submit=True)


@pytest.fixture
def published(org, submitted) -> FeedbackAction:
    return publish_action(action=submitted, by=org.admin_user)


@pytest.fixture
def clinic_action(org) -> FeedbackAction:
    """A draft of the Clinic, under Health: another head's department."""
    text = water_text(org, department=org.clinic, service_point=org.clinic_desk)
    return save_action(action=None, text=text, by=org.other_head_user)
