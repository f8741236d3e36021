"""Training fixtures on top of the `org` county: a published module and a session in Water's room."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from training.models import Program, ProgramModule
from training.services.modules import create_module, publish_module
from training.services.sessions import schedule_session

CONTENT = {
    "title": "Why great service makes the job easier",
    "theme": "Service and stress",
    "duration_minutes": 20,
    "audience": "Front-line staff",
    "objectives": ["See how calm customers shorten the queue", "Name one habit that lowers stress"],
    "objectives_minutes": 2,
    "talking_points": [
        {
            "say": "An upset caller takes far longer.",
            "question": "When did a call go wrong?",
            "notes": "Listen.",
            "minutes": 5,
        },
        {
            "say": "Every contact is a touchpoint.",
            "question": "Which touchpoints do we own?",
            "notes": "",
            "minutes": 5,
        },
    ],
    "exercise": "List three moments where residents wait and what they hear.",
    "exercise_minutes": 5,
    "tips": ["Greet first, then ask."],
    "wrap_up_questions": ["Why does this matter to every public employee?", "What will you change?"],
    "wrap_up_minutes": 3,
    "commitment_prompt": "One thing I will do to improve my service:",
    "closing": "Thank you.",
    "attribution": "Written for the test suite.",
}


def author():
    """The trainer who writes and publishes the test modules (any account will do: modules need no org)."""
    return User.objects.get_or_create(username="module-author")[0]


def published_module(slug="easier", **changes):
    create_module(by=author(), slug=slug, content={**CONTENT, **changes})
    from training.models import Module

    return publish_module(by=author(), module=Module.objects.get(slug=slug))


@pytest.fixture
def version(db):
    return published_module()


@pytest.fixture
def session(org, version):
    return schedule_session(
        by=org.trainer_user,
        module_version=version,
        facilitator=org.county.employees.get(first_name="Trina"),
        starts_at=timezone.now() - timedelta(minutes=5),
        location="Room 101",
        capacity=10,
        invited_departments=[org.water],
        reflection_prompt="What does being a public servant mean to you?",
    )


@pytest.fixture
def program(db):
    """A program of three modules."""
    versions = [published_module(slug) for slug in ("one", "two", "three")]
    program = Program.objects.create(name="Signature service")
    for order, version in enumerate(versions):
        ProgramModule.objects.create(program=program, module=version.module, order=order)
    return program
