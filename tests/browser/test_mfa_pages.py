"""Second factors in a real browser: a passkey registered with Chromium's virtual authenticator, then used to
sign in; the sign-in, authenticator-app and password-reset pages checked by axe-core."""

import pytest

from tests.accounts.helpers import MFA_ROLES
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def authenticator(page):
    """A platform authenticator with a PIN or fingerprint that always says yes (DevTools' WebAuthn domain)."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    added = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    yield devtools, added["authenticatorId"]
    devtools.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": added["authenticatorId"]})


def _confirm_password_if_asked(page):
    if "/accounts/reauthenticate/" in page.url:
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_load_state()


def test_hr_registers_a_passkey_gets_in_and_signs_in_with_it_next_time(
    page, live_server, org, sign_in, settings, authenticator, screenshot, axe_violations
):
    settings.MFA_REQUIRED_ROLES = MFA_ROLES
    devtools, authenticator_id = authenticator
    sign_in(page, live_server, "hr")
    assert page.url == f"{live_server.url}/accounts/2fa/?required=1"
    assert page.get_by_text("Your role needs a second factor").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "mfa-required")

    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    _confirm_password_if_asked(page)
    assert page.url == f"{live_server.url}/accounts/2fa/webauthn/add/"
    page.get_by_label("Name").fill("Work laptop")
    page.get_by_label("Passwordless").check()
    screenshot(page, "mfa-add-passkey")
    page.click("#mfa_webauthn_add")
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    credentials = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    assert len(credentials) == 1 and credentials[0]["isResidentCredential"]

    page.goto(f"{live_server.url}/evaluations/all/")
    assert page.url == f"{live_server.url}/evaluations/all/"

    page.get_by_role("button", name="Sign out hr").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/evaluations/all/")
    assert page.url == f"{live_server.url}/evaluations/all/"  # a passkey is a second factor in itself


def test_authenticator_app_page_shows_the_qr_code_and_is_accessible(
    page, live_server, org, sign_in, screenshot, axe_violations
):
    sign_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    _confirm_password_if_asked(page)
    assert page.get_by_role("img").first.is_visible()
    assert axe_violations(page) == []
    screenshot(page, "mfa-totp-activate")


def test_password_reset_page_is_accessible(page, live_server, org, screenshot, axe_violations):
    page.goto(f"{live_server.url}/accounts/password/reset/")
    assert axe_violations(page) == []
    screenshot(page, "password-reset")
    page.get_by_label("Email").fill("nobody@example.gov")
    page.get_by_role("button", name="Send me a link").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/accounts/password/reset/done/"
    screenshot(page, "password-reset-sent")
