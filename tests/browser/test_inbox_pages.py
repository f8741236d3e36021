"""A head's response page in a real browser: the triage buttons, the yellow Flag among them, pass axe's WCAG AA
colour-contrast check."""

import pytest
from django.utils import timezone

from tests.reports.conftest import SurveyKit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_flag_button_on_a_response_has_enough_contrast(page, live_server, org, sign_in, axe_violations, screenshot):
    response = SurveyKit(org).respond(at=timezone.now(), satisfaction=1, trust=False)
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/surveys/responses/{response.pk}/")
    flag = page.get_by_role("button", name="Flag", exact=True)
    assert flag.is_visible()
    assert axe_violations(page) == []
    flag.hover()  # the pressed and hovered look is white on the same amber
    assert axe_violations(page) == []
    screenshot(page, "response-flag")
