"""Job classes in evaluations: the template a job class is judged by, the fallback to the cycle's default, and the
duties the evaluator reads beside the form."""

import pytest
from django.urls import reverse

from evaluations.forms import TemplateForm
from evaluations.models import Evaluation
from evaluations.services.cycles import choose_template, open_cycle
from tests.evaluations.builders import make_cycle, make_template
from tests.evaluations.test_setup_pages import formset
from tests.factories import make_job_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def counter_clerks(org):
    """Walter (Water) is a counter clerk; Clara (Clinic) is not in any class."""
    job_class = make_job_class()
    org.water_worker.job_class = job_class
    org.water_worker.save()
    return job_class


def _open(org, default):
    cycle = make_cycle()
    open_cycle(cycle=cycle, departments=[org.county], by=org.hr_user, default_template=default)
    return cycle


def test_an_employee_is_evaluated_with_the_template_of_their_job_class(org, counter_clerks):
    counter = make_template("Counter service")
    counter.job_classes.add(counter_clerks)
    default = make_template("Everyone else")
    _open(org, default)
    walter = Evaluation.objects.get(employee=org.water_worker)
    assert (walter.template, walter.job_class) == (counter, counter_clerks)
    assert walter.scores.count() == 4  # the class's template's criteria, copied
    assert Evaluation.objects.get(employee=org.clinic_worker).template == default


def test_without_a_template_for_their_job_class_the_cycles_default_applies(org, counter_clerks):
    default = make_template("Everyone else")
    _open(org, default)
    walter = Evaluation.objects.get(employee=org.water_worker)
    assert (walter.template, walter.job_class) == (default, counter_clerks)


def test_a_job_class_wins_over_a_job_title_and_a_department(org, counter_clerks):
    by_title = make_template("Clerks by title")
    by_title.job_titles = "Clerk"  # Walter's title
    by_title.save()
    by_department = make_template("Water", departments=[org.water])
    by_class = make_template("Counter service")
    by_class.job_classes.add(counter_clerks)
    templates = [by_title, by_department, by_class]
    assert choose_template(org.water_worker, templates) == by_class
    org.water_worker.job_class = make_job_class("CS-FIELD")  # a class no template names
    assert choose_template(org.water_worker, templates) == by_title


def test_an_inactive_template_of_the_job_class_is_passed_over_for_the_default(org, counter_clerks):
    retired = make_template("Old counter template")
    retired.job_classes.add(counter_clerks)
    retired.active = False
    retired.save()
    default = make_template("Everyone else")
    _open(org, default)
    assert Evaluation.objects.get(employee=org.water_worker).template == default


def test_a_job_class_cannot_be_linked_to_a_second_active_template(org, counter_clerks):
    make_template("Counter service").job_classes.add(counter_clerks)
    other = make_template("Front line")
    form = TemplateForm({"name": other.name, "job_classes": [counter_clerks.pk], "active": "on"}, instance=other)
    assert not form.is_valid()
    assert form.errors["job_classes"] == [
        "“Counter service clerk” is already evaluated with “Counter service”; unlink it there first."
    ]
    form = TemplateForm({"name": other.name, "job_classes": [counter_clerks.pk]}, instance=other)  # inactive
    assert form.is_valid(), form.errors


def test_hr_links_a_job_class_to_a_template_on_the_template_page(client, org, counter_clerks):
    template = make_template()
    client.force_login(org.hr_user)
    data = {"name": template.name, "active": "on", "job_classes": [str(counter_clerks.pk)]} | formset("criteria", [])
    response = client.post(reverse("evaluations:template_edit", args=[template.pk]), data)
    assert response.status_code == 302
    assert list(template.job_classes.all()) == [counter_clerks]
    page = client.get(reverse("evaluations:template_edit", args=[template.pk])).content.decode()
    assert "Counter service clerk (CS-COUNTER)" in page


def test_the_evaluator_reads_the_duties_of_the_job_beside_the_form(client, org, counter_clerks):
    _open(org, make_template())
    walter = Evaluation.objects.get(employee=org.water_worker)
    client.force_login(org.head_user)  # Paula supervises Walter, so she rates him
    page = client.get(walter.get_absolute_url()).content.decode()
    assert "Rate each criterion" in page
    assert "Counter service clerk (CS-COUNTER)" in page
    assert "<li>Greet every resident within a minute.</li>" in page
    assert "Residents leave knowing what happens next." in page


def test_the_evaluation_keeps_the_job_class_it_was_created_with(client, org, counter_clerks):
    _open(org, make_template())
    org.water_worker.job_class = make_job_class("CS-FIELD", title_en="Field inspector")
    org.water_worker.save()
    client.force_login(org.head_user)
    page = client.get(Evaluation.objects.get(employee=org.water_worker).get_absolute_url()).content.decode()
    assert "Counter service clerk (CS-COUNTER)" in page and "Field inspector" not in page


def test_a_spanish_evaluation_page_shows_the_duties_in_spanish(client, org, counter_clerks):
    _open(org, make_template())
    client.force_login(org.head_user)
    walter = Evaluation.objects.get(employee=org.water_worker)
    page = client.get(walter.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Empleado de atención en ventanilla (CS-COUNTER)" in page
    assert "Saludar a cada residente en menos de un minuto." in page


def test_a_head_of_another_department_cannot_open_the_evaluation_with_its_duties(client, org, counter_clerks):
    _open(org, make_template())
    client.force_login(org.other_head_user)
    response = client.get(Evaluation.objects.get(employee=org.water_worker).get_absolute_url())
    assert response.status_code == 404 and "Greet every resident" not in response.content.decode()


def test_the_printable_evaluation_names_the_job_class_and_its_duties(client, org, counter_clerks):
    _open(org, make_template())
    client.force_login(org.head_user)
    walter = Evaluation.objects.get(employee=org.water_worker)
    page = client.get(reverse("evaluations:evaluation_print", args=[walter.pk])).content.decode()
    assert "Counter service clerk (CS-COUNTER): Greet every resident within a minute.; Explain the next step" in page
