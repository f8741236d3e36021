"""The public standards page and the compliance figures behind it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from org.models import ServiceStandard
from reports.models import ReportedFigure, StandardCompliance
from reports.services import compute_metrics
from reports.services.public_data import last_finished_quarter
from tests.reports.conftest import local

pytestmark = pytest.mark.django_db

URL = reverse("reports_public:standards")


@pytest.fixture
def standards(org, kit):
    org.water.phone = "555-0199"
    org.water.customer_relations_rep = org.water_worker
    org.water.save()
    survey_standard = ServiceStandard.objects.create(
        department=org.public_works,
        title="Residents leave satisfied",
        title_es="Los residentes quedan satisfechos",
        measure="survey_driver",
        driver="satisfaction",
        target=Decimal("60"),
        published=True,
    )
    figure_standard = ServiceStandard.objects.create(
        department=org.water,
        title="Leaks fixed within 5 days",
        title_es="Fugas reparadas en 5 días",
        measure="reported_figure",
        target=Decimal("5"),
        unit="days",
        unit_es="días",
        direction="at_most",
        published=True,
    )
    hidden = ServiceStandard.objects.create(
        department=org.clinic, title="A draft promise", measure="reported_figure", target=Decimal("1"), published=False
    )
    return survey_standard, figure_standard, hidden


def _in_quarter(quarter: date, day: int, hour: int = 10):
    return local(quarter.year, quarter.month, day, hour)


def test_compliance_is_the_satisfied_share_across_the_department_subtree(org, kit, standards):
    survey_standard, figure_standard, _hidden = standards
    quarter = last_finished_quarter()
    for score in (5, 4, 2):  # two of three satisfied, at the Water counter below Public Works
        kit.respond(at=_in_quarter(quarter, 10), satisfaction=score)
    kit.respond(at=_in_quarter(quarter, 11), service_point=org.clinic_desk, satisfaction=1)  # another subtree
    ReportedFigure.objects.create(quarter=quarter, standard=figure_standard, value=Decimal("6.5"))

    compute_metrics(full=True)

    survey_row = StandardCompliance.objects.get(quarter=quarter, standard=survey_standard)
    assert (survey_row.measured, survey_row.met, survey_row.answers) == (Decimal("66.67"), True, 3)
    figure_row = StandardCompliance.objects.get(quarter=quarter, standard=figure_standard)
    assert (figure_row.measured, figure_row.met) == (Decimal("6.50"), False)  # at most 5 days: not met


def test_an_entered_figure_is_picked_up_by_the_next_incremental_run(org, standards):
    _survey, figure_standard, _hidden = standards
    compute_metrics(full=True)
    quarter = last_finished_quarter()
    ReportedFigure.objects.create(quarter=quarter, standard=figure_standard, value=Decimal("3"))
    compute_metrics()
    assert StandardCompliance.objects.get(quarter=quarter, standard=figure_standard).met is True


def test_the_page_lists_published_standards_with_contacts_and_results(client, org, kit, standards):
    _survey, figure_standard, _hidden = standards
    ReportedFigure.objects.create(quarter=last_finished_quarter(), standard=figure_standard, value=Decimal("4"))
    compute_metrics(full=True)
    page = client.get(URL).content.decode()
    assert "Residents leave satisfied" in page and "Leaks fixed within 5 days" in page
    assert "A draft promise" not in page
    assert "555-0199" in page and "Walter Worker" in page
    assert "Measured: 4 days (our target: at most 5 days)." in page
    assert "There was nothing to measure for this promise last quarter." in page


def test_the_page_is_in_spanish_for_spanish_readers(client, org, standards):
    client.cookies["django_language"] = "es"
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'lang="es"' in page
    assert "Fugas reparadas en 5 días" in page
    assert "Nuestros estándares de servicio" in page


def test_the_page_needs_no_sign_in_and_a_fixed_number_of_queries(client, org, standards, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200


def test_last_finished_quarter_is_the_one_before_today():
    quarter = last_finished_quarter()
    assert quarter.day == 1 and quarter.month in (1, 4, 7, 10)
    assert quarter < timezone.localdate()


def test_survey_results_read_naturally_in_spanish(client, org, kit, standards):
    quarter = last_finished_quarter()
    for score in (5, 4, 2):
        kit.respond(at=_in_quarter(quarter, 10), satisfaction=score)
    compute_metrics(full=True)
    client.cookies["django_language"] = "es"
    page = client.get(URL).content.decode()
    assert "66,67 % de satisfechos (nuestra meta: 60 %), sobre 3 respuestas." in page
