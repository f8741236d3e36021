"""Small survey fixtures built straight on the surveys models, so each metric can be checked by hand."""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from org.models import A11Driver
from surveys.models import (
    Answer,
    Audience,
    Compliment,
    ComplimentStatus,
    LinkViewDay,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyLink,
)

_tokens = itertools.count(1)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware datetime in the jurisdiction's zone (America/New_York in the tests)."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("America/New_York"))


class SurveyKit:
    """A live A-11 survey with a satisfaction (1-5) and a trust (thumbs) question, and its link per service point.

    Residents answer it, unless it is made for internal customers (staff rating another department)."""

    def __init__(self, org, *, audience: str = Audience.RESIDENTS, title: str = "After your visit"):
        self.org = org
        self.survey = Survey.objects.create(title=title, status="live", standard="a11", audience=audience)
        self.satisfaction = Question.objects.create(
            survey=self.survey,
            kind=QuestionKind.AGREEMENT,
            text="I am satisfied",
            driver=A11Driver.SATISFACTION,
            order=1,
        )
        self.trust = Question.objects.create(
            survey=self.survey,
            kind=QuestionKind.THUMBS,
            text="I trust the county more",
            driver=A11Driver.TRUST,
            order=2,
        )
        self.links: dict[int, SurveyLink] = {}

    def link(self, service_point):
        if service_point.pk not in self.links:
            self.links[service_point.pk] = SurveyLink.objects.create(
                token=f"tok{next(_tokens):06d}", survey=self.survey, service_point=service_point
            )
        return self.links[service_point.pk]

    def respond(self, *, at, service_point=None, satisfaction=None, trust=None, **fields) -> Response:
        service_point = service_point or self.org.counter
        response = Response.objects.create(
            survey=self.survey,
            link=self.link(service_point),
            service_point=service_point,
            department=service_point.department,
            channel=service_point.channel,
            submitted_at=at,
            **fields,
        )
        if satisfaction is not None:
            Answer.objects.create(
                response=response,
                question=self.satisfaction,
                driver=A11Driver.SATISFACTION,
                number=satisfaction,
                score=satisfaction,
                satisfied=satisfaction >= 4,
            )
        if trust is not None:
            Answer.objects.create(
                response=response, question=self.trust, driver=A11Driver.TRUST, number=int(trust), satisfied=trust
            )
        return response

    def compliment(self, response, employee) -> Compliment:
        return Compliment.objects.create(
            response=response,
            named_text=employee.first_name,
            employee=employee,
            status=ComplimentStatus.CONFIRMED,
            confirmed_at=timezone.now(),
        )

    def views(self, *, day, count, service_point=None):
        return LinkViewDay.objects.create(link=self.link(service_point or self.org.counter), day=day, views=count)


@pytest.fixture(autouse=True)
def back_to_the_default_language():
    """A request in Spanish leaves Spanish active in this thread (LocaleMiddleware never deactivates it), and
    modeltranslation would then write the next test's department names into name_es only: reset it."""
    yield
    translation.deactivate()


@pytest.fixture
def kit(org, settings):
    settings.TIME_ZONE = "America/New_York"
    return SurveyKit(org)


@pytest.fixture
def staff_kit(org, settings):
    """An internal-customer survey: county staff rate the service another department gave them."""
    settings.TIME_ZONE = "America/New_York"
    return SurveyKit(org, audience=Audience.INTERNAL, title="How did this department serve your team?")
