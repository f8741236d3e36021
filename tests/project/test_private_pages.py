"""Pages for one person are never kept by a browser: Cache-Control: private, no-store on every signed-in page
and download (serviceculture/private_pages.py); anonymous public pages keep their own caching."""

import pytest
from django.urls import reverse

from serviceculture.private_pages import PRIVATE
from tests.evaluations.builders import open_for

pytestmark = pytest.mark.django_db


def test_evaluation_salary_and_pay_pages_are_private(client, org):
    cycle = open_for(org)
    evaluation = cycle.evaluations.get(employee=org.water_worker)
    client.force_login(org.hr_user)
    for url in (
        evaluation.get_absolute_url(),
        reverse("org:employee_detail", args=[org.water_worker.pk]),  # the salary
        reverse("evaluations:pay_plan", args=[cycle.pk]),
        reverse("evaluations:cycle_list"),
        reverse("home"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == PRIVATE, url


def test_a_csv_download_is_private(client, org):
    from surveys.models import SurveyStatus
    from surveys.services.builder import create_a11_survey

    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    client.force_login(org.admin_user)
    for url in (reverse("surveys:export", args=["csv"]), reverse("surveys:link_batch_csv", args=[survey.pk])):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), url
        assert response["Cache-Control"] == PRIVATE, url


def test_signing_in_and_out_are_private(client, org):
    from tests.factories import PASSWORD

    signed_in = client.post(reverse("account_login"), {"login": "employee", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Cache-Control"] == PRIVATE
    signed_out = client.post(reverse("account_logout"))
    assert signed_out["Cache-Control"] == PRIVATE


def test_anonymous_public_pages_keep_their_own_caching(client, org, settings):
    from surveys.models import SurveyStatus
    from surveys.services.builder import create_a11_survey
    from surveys.services.links import create_links

    standards = client.get(reverse("reports_public:standards"))
    assert standards.status_code == 200 and not standards.has_header("Cache-Control")  # as before: nothing forced
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.endswith("PrivatePagesNotCached")]
    without = client.get(reverse("reports_public:standards"))
    assert {k: v for k, v in standards.items() if k != "Content-Length"} == {
        k: v for k, v in without.items() if k != "Content-Length"
    }  # every header as without the middleware (Vary included: it does not load the session)
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    form = client.get(link.get_absolute_url())
    assert form.status_code == 200
    # never_cache's own header, untouched: the resident's form is not stored either, and says so its own way
    assert form["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
