"""Open data: anyone reads the departments' standards, contacts and quarterly results as JSON, without signing in,
and finds nothing about residents in it."""

import json
from decimal import Decimal

import pytest
from django.core.cache import cache

from org.models import ServiceStandard
from reports.models import StandardCompliance, SurveyDriverDay
from reports.periods import quarter_label
from reports.services.public_data import last_finished_quarter
from surveys.models import Audience, Survey, SurveyStatus
from surveys.services.links import create_links
from surveys.services.responses import submit_response

pytestmark = pytest.mark.django_db

STANDARDS = "/api/v1/open-data/standards"
RESULTS = "/api/v1/open-data/results"


@pytest.fixture
def published(org, survey):
    """Water publishes a promise and names its representative; a resident who asked to be contacted left their
    name, address and phone; the clinic publishes nothing."""
    org.water.phone = "555-0100"
    org.water.email = "water@county.gov"
    org.water.customer_relations_rep = org.water_worker
    org.water.save()
    org.water_worker.work_email = "walter.worker@county.gov"
    org.water_worker.save()
    standard = ServiceStandard.objects.create(
        department=org.water,
        service_point=org.counter,
        title="Residents leave satisfied",
        measure="survey_driver",
        driver="satisfaction",
        target=Decimal("80"),
        published=True,
    )
    StandardCompliance.objects.create(
        quarter=last_finished_quarter(), standard=standard, measured=Decimal("85.5"), target=Decimal("80"), answers=12
    )
    link = create_links(survey=survey, service_point=org.counter, by=None)[0]
    submit_response(
        link=link,
        answers=[],
        language="en",
        contact={"contact_name": "Rosa Resident", "contact_email": "rosa@home.example", "contact_phone": "555-0177"},
    )
    return standard


def driver_day(org, survey, *, driver="satisfaction", answers=10, satisfied=8, day=None):
    return SurveyDriverDay.objects.create(
        day=day or last_finished_quarter(),
        department=org.water,
        service_point=org.counter,
        channel="counter",
        survey=survey,
        driver=driver,
        answers=answers,
        satisfied=satisfied,
    )


def test_anyone_reads_the_standards_contacts_and_last_quarters_result(client, org, published):
    answer = client.get(STANDARDS)
    assert answer.status_code == 200
    assert "public" in answer["Cache-Control"] and "max-age=3600" in answer["Cache-Control"]
    body = answer.json()
    assert body["licence"]["name"] == "CC-BY-4.0" and body["quarter"] == quarter_label(last_finished_quarter())
    [water] = body["departments"]
    assert (water["name"], water["phone"], water["email"]) == ("Water", "555-0100", "water@county.gov")
    assert water["representative"] == {"name": "Walter Worker", "email": "walter.worker@county.gov"}
    [promise] = water["standards"]
    assert promise["title"] == "Residents leave satisfied" and promise["service_point"] == "Water counter"
    assert promise["last_quarter"] == {"met": None, "measured": "85.50", "answers": 12}


def test_no_resident_and_no_other_employee_appears_in_open_data(client, org, survey, published):
    driver_day(org, survey)
    text = json.dumps([client.get(STANDARDS).json(), client.get(RESULTS).json()])
    for personal in ("Rosa", "rosa@home.example", "555-0177", "Clara", "Paula", "Harriet", "Head"):
        assert personal not in text
    assert "Clinic" not in text  # publishes no standard


def test_results_count_residents_only_per_department_service_point_and_driver(client, org, survey, published):
    ServiceStandard.objects.create(  # a second promise does not count the answers twice
        department=org.water, title="Calls answered", measure="reported_figure", target=Decimal("2"), published=True
    )
    staff_survey = Survey.objects.create(title="Rate the HR desk", audience=Audience.INTERNAL, status=SurveyStatus.LIVE)
    driver_day(org, survey, answers=10, satisfied=8)
    driver_day(org, survey, answers=6, satisfied=3, day=last_finished_quarter().replace(day=20))
    driver_day(org, staff_survey, answers=40, satisfied=0)  # staff rating a department: never in residents' figures
    driver_day(org, survey, driver="ease", answers=4, satisfied=4)  # fewer than five answers: left out
    body = client.get(RESULTS).json()
    assert body["minimum_answers"] == 5
    # 8 + 3 satisfied of 10 + 6 answers = 68.75 %, shown to one decimal
    assert body["results"] == [
        {
            "department_code": "PW-W",
            "department": "Water",
            "service_point": "Water counter",
            "driver": "satisfaction",
            "answers": 16,
            "satisfied": 11,
            "satisfied_share": "68.8",
        }
    ]


def test_a_quarter_can_be_asked_for_and_a_bad_one_is_400(client, org, survey, published):
    driver_day(org, survey)
    label = quarter_label(last_finished_quarter())
    assert client.get(RESULTS, {"quarter": label}).json()["results"]
    assert client.get(RESULTS, {"quarter": "1999-Q1"}).json()["results"] == []
    for bad_quarter in ("last spring", "0000-Q1", "2026-Q5"):
        bad = client.get(RESULTS, {"quarter": bad_quarter})
        assert bad.status_code == 400 and "quarter" in bad.json()["errors"]


def test_open_data_is_rate_limited_per_address(client, org, published, settings):
    cache.clear()
    settings.OPEN_DATA_RATE = "3/m"
    statuses = [client.get(STANDARDS).status_code for _call in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(STANDARDS, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_standards_cost_the_same_with_more_departments(client, org, published, django_assert_max_num_queries):
    for department in (org.clinic, org.health, org.public_works):
        ServiceStandard.objects.create(
            department=department, title="We answer", measure="reported_figure", target=Decimal("2"), published=True
        )
    with django_assert_max_num_queries(6):
        body = client.get(STANDARDS).json()
    assert len(body["departments"]) == 4
