"""Issuing and revoking an API token in a real browser, checked by axe-core, on a desk and on a phone."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_issues_a_token_copies_it_once_and_revokes_it(
    page, live_server, org, sign_in, axe_violations, screenshot
):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/accounts/api-tokens/")
    assert page.get_by_text("No token has been issued yet.").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Name").fill("Permit system")
    page.get_by_label("Water: Water counter (In person at a counter)").check()
    page.get_by_role("button", name="Issue token").click()
    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("sc_") and page.get_by_text("It is shown only this once").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "api-token-issued")

    page.goto(f"{live_server.url}/accounts/api-tokens/")
    assert secret not in page.content() and page.get_by_role("cell", name="never").is_visible()
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the table scrolls, not the page
    page.get_by_role("button", name="Revoke Permit system").click()
    assert page.get_by_text("The token “Permit system” is revoked.").is_visible()
    assert page.get_by_text("revoked", exact=True).is_visible()
    screenshot(page, "api-token-revoked-phone")
