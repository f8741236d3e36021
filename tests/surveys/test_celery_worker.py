"""A real Celery worker on Redis sends the follow-up email queued after a resident's submission."""

import pytest

from surveys.models import Response, SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from surveys.services.responses import submit_response
from tests.servers import wait_until
from tests.surveys.test_services import answers_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_worker_sends_the_contact_email_after_commit(org, worker):
    org.water.email = "water@example.gov"
    org.water.save()
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    response = submit_response(
        link=link, answers=answers_for(survey), language="en", contact={"contact_email": "ana@example.com"}
    )
    emailed = Response.objects.filter(pk=response.pk, contact_email_sent_at__isnull=False)
    wait_until(emailed.exists, seconds=60, what="the contact email was sent", process=worker)
    assert Response.objects.get(pk=response.pk).contact_email_sent_at is not None


def test_worker_sends_a_heads_immediate_alert_once_after_commit(org, worker):
    from surveys.alerts import save_alert_settings
    from surveys.models import Alert

    org.head_user.email = "head@example.gov"
    org.head_user.save()
    save_alert_settings(by=org.head_user, deliveries={"low_response": "immediate"}, watched_words="", language="en")
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    response = submit_response(link=link, answers=answers_for(survey, number=1), language="en")
    sent = Alert.objects.filter(response=response, recipient=org.head_user, sent_at__isnull=False)
    wait_until(sent.exists, seconds=60, what="the alert was sent", process=worker)
    assert Alert.objects.filter(response=response).count() == 1
