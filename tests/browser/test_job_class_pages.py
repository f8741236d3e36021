"""A job class's customer-service duties in a real browser: on the employee's page and beside the rating form,
each checked by axe-core and kept as a screenshot."""

import pytest

from evaluations.models import Evaluation
from tests.evaluations.builders import open_for
from tests.factories import make_job_class

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_head_reads_the_duties_on_the_employee_page_and_beside_the_rating_form(
    page, live_server, org, sign_in, axe_violations, screenshot
):
    org.water_worker.job_class = make_job_class()
    org.water_worker.save()
    open_for(org)
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/org/employees/{org.water_worker.pk}/")
    assert page.get_by_role("heading", name="Customer service in this job").is_visible()
    assert page.get_by_text("Greet every resident within a minute.").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "job-class-employee-page")
    page.goto(f"{live_server.url}{Evaluation.objects.get(employee=org.water_worker).get_absolute_url()}")
    assert page.get_by_role("heading", name="Rate each criterion").is_visible()
    assert page.get_by_text("Explain the next step in plain words.").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "job-class-evaluation-form")
