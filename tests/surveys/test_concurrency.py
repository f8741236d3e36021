"""Two simultaneous submissions of one single-use link store exactly one response (real PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from surveys.models import LinkKind, Response, SurveyLink, SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from surveys.services.responses import LINK_ALREADY_USED, submit_response
from tests.surveys.test_services import answers_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_submissions_of_a_single_use_link_store_one(org):
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    token = create_links(survey=survey, service_point=org.counter, kind=LinkKind.SINGLE_USE, by=org.admin_user)[0].token
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def submit():
        try:
            link = SurveyLink.objects.select_related("survey", "service_point").get(token=token)
            start.wait()
            submit_response(link=link, answers=answers_for(survey), language="en")
            outcomes.append("stored")
        except ValidationError as refused:
            outcomes.append("already used" if refused.code == LINK_ALREADY_USED else str(refused.code))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already used", "stored"]
    assert Response.objects.count() == 1
    assert Response.objects.get().answers.count() == survey.questions.count()
