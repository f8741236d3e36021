"""Giving roles and a representative answering a resident, in a real browser, checked by axe-core."""

import pytest

from org.roles import Role
from tests.factories import make_employee, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_makes_walter_waters_representative_who_then_answers_a_resident(
    page, live_server, org, sign_in, axe_violations, screenshot
):
    from surveys.models import SurveyStatus
    from surveys.services.builder import create_a11_survey
    from surveys.services.links import create_links
    from surveys.services.responses import submit_response
    from tests.surveys.test_services import answers_for

    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    asked = submit_response(
        link=link, answers=answers_for(survey), language="en", contact={"contact_name": "Ana", "contact_phone": "555"}
    )
    make_user("rosa", Role.EMPLOYEE, employee=make_employee(org.clinic, "Rosa", "Other"))

    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/accounts/people/")
    assert axe_violations(page) == []
    screenshot(page, "people")
    page.get_by_label("Name or username").fill("walter")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Walter Worker").click()
    page.get_by_label("Customer relations representative").check()
    page.get_by_label("Water", exact=True).check()
    assert axe_violations(page) == []
    screenshot(page, "person-roles")
    page.get_by_role("button", name="Save roles").click()
    assert page.get_by_text("The roles of employee are saved.").is_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, "employee")
    page.get_by_role("link", name="Follow-ups due").first.click()
    page.get_by_role("link", name=str(asked.pk)).click()
    assert page.get_by_text("555").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("What was done").fill("Called Ana back.")
    page.get_by_role("button", name="Record").click()
    assert page.get_by_text("Recorded what was done for the resident: Called Ana back.").is_visible()
    screenshot(page, "representative-response")
