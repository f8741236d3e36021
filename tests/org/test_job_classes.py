"""Job classes on the employee page: the customer-service duties of a person's job, for those who may see them."""

import pytest
from django.urls import reverse

from org.models import JobClass
from tests.factories import make_job_class

pytestmark = pytest.mark.django_db


def _page(client, user, employee, **headers):
    client.force_login(user)
    return client.get(reverse("org:employee_detail", args=[employee.pk]), **headers)


@pytest.fixture
def clerk_class(org):
    job_class = make_job_class()
    org.water_worker.job_class = job_class
    org.water_worker.save()
    return job_class


def test_the_head_sees_their_staffs_job_class_and_its_duties(client, org, clerk_class):
    page = _page(client, org.head_user, org.water_worker).content.decode()
    assert "Counter service clerk (CS-COUNTER)" in page
    assert "<li>Greet every resident within a minute.</li>" in page
    assert "<li>Explain the next step in plain words.</li>" in page
    assert "Residents leave knowing what happens next." in page


def test_an_employee_reads_the_duties_of_their_own_job(client, org, clerk_class):
    page = _page(client, org.employee_user, org.water_worker).content.decode()
    assert "Customer service in this job" in page and "Greet every resident within a minute." in page


def test_a_head_of_another_department_cannot_open_the_page_nor_read_the_duties(client, org, clerk_class):
    response = _page(client, org.other_head_user, org.water_worker)
    assert response.status_code == 404
    assert "Greet every resident" not in response.content.decode()


def test_a_colleague_cannot_read_another_employees_job_class(client, org, clerk_class):
    org.clinic_worker.job_class = clerk_class
    org.clinic_worker.save()
    assert _page(client, org.employee_user, org.clinic_worker).status_code == 404


def test_a_spanish_page_shows_the_spanish_title_and_duties(client, org, clerk_class):
    page = _page(client, org.head_user, org.water_worker, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Empleado de atención en ventanilla (CS-COUNTER)" in page
    assert "<li>Saludar a cada residente en menos de un minuto.</li>" in page
    assert "Greet every resident" not in page


def test_a_class_not_yet_translated_shows_its_english_text_on_a_spanish_page(client, org):
    org.water_worker.job_class = make_job_class("CS-FIELD", title_es="", service_duties_es="", title_en="Inspector")
    org.water_worker.save()
    page = _page(client, org.head_user, org.water_worker, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Inspector (CS-FIELD)" in page and "Greet every resident within a minute." in page


def test_someone_without_a_job_class_has_no_duties_section(client, org):
    page = _page(client, org.head_user, org.water_worker).content.decode()
    assert "Customer service in this job" not in page


def test_a_code_is_kept_in_capitals_whatever_way_it_was_typed(org):
    assert make_job_class(" cs-lead ").code == "CS-LEAD"
    assert JobClass.objects.filter(code="CS-LEAD").exists()


def test_the_employee_page_costs_the_same_with_or_without_a_job_class(
    client, org, clerk_class, django_assert_max_num_queries
):
    client.force_login(org.head_user)
    url = reverse("org:employee_detail", args=[org.water_worker.pk])
    client.get(url)  # warm the session and role caches
    with django_assert_max_num_queries(30) as captured:
        client.get(url)
    with_class = len(captured.captured_queries)
    org.water_worker.job_class = None
    org.water_worker.save()
    with django_assert_max_num_queries(30) as captured:
        client.get(url)
    assert len(captured.captured_queries) == with_class
