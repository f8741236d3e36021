"""Every `next` the site follows stays on the site: our views through serviceculture.untrusted.safe_next,
Django's sign-in, sign-out and language views through their own safe-URL check (the same
url_has_allowed_host_and_scheme)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

AWAY = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"]


@pytest.mark.parametrize("away", AWAY)
def test_signing_in_never_leaves_the_site(client, org, away):
    response = client.post(f"{reverse('account_login')}?next={away}", {"login": "employee", "password": PASSWORD})
    assert (
        response.status_code == 302 and "evil" not in response["Location"] and "javascript" not in response["Location"]
    )


@pytest.mark.parametrize("away", AWAY)
def test_switching_language_and_signing_out_never_leave_the_site(client, org, away):
    response = client.post(reverse("set_language"), {"language": "es", "next": away})
    assert "evil" not in response.get("Location", "") and "javascript" not in response.get("Location", "")
    client.force_login(org.employee_user)
    response = client.post(reverse("account_logout"), {"next": away})
    assert "evil" not in response.get("Location", "") and "javascript" not in response.get("Location", "")


@pytest.mark.parametrize("away", AWAY)
def test_a_next_in_the_query_string_is_checked_too(client, org, away):
    from surveys.models import SurveyStatus
    from surveys.services.builder import create_a11_survey
    from surveys.services.links import create_links
    from surveys.services.responses import submit_response
    from tests.surveys.test_inbox import answers_for

    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    response = submit_response(link=link, answers=answers_for(survey), language="en")
    client.force_login(org.head_user)
    answer = client.post(f"{reverse('surveys:triage')}?next={away}", {"selection": [response.pk], "action": "flag"})
    assert answer.status_code == 302 and answer["Location"] == reverse("surveys:inbox")
