"""Roles that see pay, evaluations or residents' details must use a second factor (accounts/middleware.py)."""

import os
import subprocess
import sys

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from accounts.mfa import required_roles
from tests.accounts.helpers import MFA_ROLES, sign_in, totp_code
from tests.conftest import ROOT
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

EVALUATIONS = "/evaluations/all/"


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_ROLES = MFA_ROLES


def _enrol_totp(client) -> str:
    """Opens the authenticator-app page (after typing the password again: changing how one signs in asks for a
    fresh proof), reads the secret it offers, and confirms it with a code."""
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    confirmed = client.post(asked["Location"], {"password": PASSWORD})
    assert confirmed["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret in page.content.decode()  # shown beside the QR code for typing in
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_hr_signed_in_with_a_password_alone_is_sent_to_add_a_second_factor(client, org, mfa_required):
    sign_in(client, "hr")
    response = client.get(EVALUATIONS)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/?required=1"
    page = client.get(response["Location"])
    assert "Your role needs a second factor" in page.content.decode()


@pytest.mark.django_db(transaction=True)  # allauth announces a new factor once its transaction commits
def test_after_an_authenticator_app_code_hr_gets_in(client, org, mfa_required):
    sign_in(client, "hr")
    assert client.get(EVALUATIONS).status_code == 302
    _enrol_totp(client)
    assert client.get(EVALUATIONS).status_code == 200
    assert Authenticator.objects.filter(user=org.hr_user, type=Authenticator.Type.TOTP).exists()


def test_next_time_hr_signs_in_with_password_and_code(client, org, mfa_required):
    secret = generate_totp_secret()
    TOTP.activate(org.hr_user, secret)
    response = sign_in(client, "hr")
    assert response["Location"] == reverse("mfa_authenticate")  # the password alone signs nobody in
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(EVALUATIONS).status_code == 200


def test_a_wrong_code_keeps_hr_out(client, org, mfa_required):
    secret = generate_totp_secret()
    TOTP.activate(org.hr_user, secret)
    sign_in(client, "hr")
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_signs_in_once(client, org, mfa_required):
    TOTP.activate(org.hr_user, generate_totp_secret())
    code = RecoveryCodes.activate(org.hr_user).get_unused_codes()[0]
    sign_in(client, "hr")
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get(EVALUATIONS).status_code == 200
    client.post(reverse("account_logout"))

    sign_in(client, "hr")
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200  # used up
    assert "_auth_user_id" not in client.session


def test_a_session_that_skipped_the_factor_it_has_is_asked_for_it(client, org, mfa_required):
    """Signed in some other way than allauth's sign-in (admin's login page, an old session): enter the code."""
    secret = generate_totp_secret()
    TOTP.activate(org.hr_user, secret)
    client.force_login(org.hr_user)
    response = client.get(EVALUATIONS)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fevaluations%2Fall%2F"
    back = client.post(response["Location"], {"code": totp_code(secret)})
    assert back.status_code == 302 and back["Location"] == EVALUATIONS
    assert client.get(EVALUATIONS).status_code == 200


def test_pages_under_accounts_stay_open_to_enrol_and_to_sign_out(client, org, mfa_required):
    sign_in(client, "hr")
    for path in (reverse("mfa_index"), reverse("account_reauthenticate"), reverse("account_change_password")):
        assert client.get(path).status_code == 200, path
    assert client.get("/healthz").status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_roles_without_pay_or_residents_details_need_no_second_factor(client, org, mfa_required):
    sign_in(client, "trainer")
    assert client.get(reverse("home")).status_code == 200
    sign_in(client, "employee")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("who", ["admin", "hr", "head"])
def test_every_required_role_is_stopped(client, org, mfa_required, who):
    sign_in(client, who)
    assert client.get(reverse("home"))["Location"] == "/accounts/2fa/?required=1"


def test_an_sso_provider_that_asserted_mfa_counts(client, org, mfa_required):
    client.force_login(org.hr_user)
    session = client.session
    session["sso_asserted_mfa"] = True
    session.save()
    assert client.get(EVALUATIONS).status_code == 200


def test_with_no_required_roles_a_password_is_enough(client, org, settings):
    settings.MFA_REQUIRED_ROLES = []
    sign_in(client, "hr")
    assert client.get(EVALUATIONS).status_code == 200


def test_a_misspelt_role_stops_the_start_naming_the_variable(settings):
    settings.MFA_REQUIRED_ROLES = ["HR"]
    with pytest.raises(ImproperlyConfigured, match="MFA_REQUIRED_ROLES"):
        required_roles()


@pytest.mark.parametrize("debug, expected", [("false", MFA_ROLES), ("true", [])])
def test_by_default_production_asks_the_four_roles_and_make_run_nobody(debug, expected):
    environment = {key: value for key, value in os.environ.items() if key != "MFA_REQUIRED_ROLES"}
    environment |= {"DEBUG": debug, "SECRET_KEY": "x"}
    read = "from serviceculture import settings; print('|'.join(settings.MFA_REQUIRED_ROLES))"
    out = subprocess.run([sys.executable, "-c", read], env=environment, cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert [name for name in out.stdout.strip().split("|") if name] == expected
