"""Single sign-on in a real browser: the sign-in page's button, the identity provider (a real process), and
back, as the employee; a stranger's refusal page. Both pages are checked by axe-core and photographed."""

import pytest

from tests.servers import OidcAccount

pytestmark = [pytest.mark.browser, pytest.mark.oidc, pytest.mark.django_db(transaction=True)]


def test_an_employee_signs_in_with_the_sso_button(
    page, live_server, org, identity_provider, axe_violations, screenshot
):
    walter = org.water_worker
    walter.work_email = "walter.worker@harbor.example.gov"
    walter.save()
    with identity_provider(OidcAccount(sub="idp-walter", email="Walter.Worker@harbor.example.gov")) as issuer:
        page.goto(f"{live_server.url}/accounts/login/")
        assert axe_violations(page) == []
        screenshot(page, "sign-in-with-sso")
        page.get_by_role("button", name="Sign in with Harbor County sign-in").click()
        page.wait_for_url(f"{issuer}/interaction/**")
        page.fill("#login", "idp-walter")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")

    assert page.get_by_role("button", name="Sign out employee").is_visible()


def test_a_stranger_sees_that_they_are_not_on_the_staff_list(
    page, live_server, org, identity_provider, axe_violations, screenshot
):
    with identity_provider(OidcAccount(sub="idp-sam", email="sam@elsewhere.example.com")) as issuer:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_role("button", name="Sign in with Harbor County sign-in").click()
        page.wait_for_url(f"{issuer}/interaction/**")
        page.fill("#login", "idp-sam")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/accounts/oidc/**")

    assert page.get_by_role("heading", name="You are not on the staff list").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "sso-refused")


def test_with_password_sign_in_off_the_page_offers_only_the_sso_button(
    page, live_server, org, identity_provider, settings, axe_violations, screenshot
):
    settings.PASSWORD_SIGN_IN = False
    with identity_provider():
        page.goto(f"{live_server.url}/accounts/login/")

    assert page.get_by_role("button", name="Sign in with Harbor County sign-in").is_visible()
    assert page.locator("input[type=password]").count() == 0
    assert axe_violations(page) == []
    screenshot(page, "sign-in-sso-only")
