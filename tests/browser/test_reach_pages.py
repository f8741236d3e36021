"""The staff pages of issue 13's reach: a service point's feedback button (lines to paste and a live preview) and
the invitations upload with its errors, both passing axe."""

import pytest

from surveys.models import SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from tests.factories import make_org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county(db):
    org = make_org()
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    create_links(survey=survey, service_point=org.counter, by=org.admin_user)
    return org


def test_an_admin_makes_the_feedback_button_and_sees_its_preview(
    county, page, live_server, sign_in, axe_violations, screenshot
):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/surveys/service-points/{county.counter.pk}/")
    page.get_by_role("button", name="Make the feedback button").click()
    preview = page.locator("#button-preview").get_by_role("link", name="Rate this page (opens in a new tab)")
    preview.wait_for()
    assert "data-survey=" in page.locator("pre").first.inner_text()
    screenshot(page, "service-point-feedback-button")
    assert axe_violations(page) == []


def test_the_upload_page_lists_errors_by_line(county, page, live_server, sign_in, axe_violations, screenshot, tmp_path):
    bad = tmp_path / "transactions.csv"
    bad.write_text(f"service_point,channel,email\n{county.counter.pk},fax,\n999,counter,not-an-address\n")
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/surveys/invitations/upload/")
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Send the invitations").click()
    errors = page.locator("#upload-errors")
    errors.wait_for()
    assert "Line 2:" in errors.inner_text() and "Line 3:" in errors.inner_text()
    assert page.evaluate("document.activeElement.id") == "upload-errors"
    screenshot(page, "invitation-upload-errors")
    assert axe_violations(page) == []
