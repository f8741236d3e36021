"""Single sign-on through a real OpenID Connect provider: a node process (tests/oidc/provider.mjs, npm's
oidc-provider) that requires PKCE, and this app on pytest-django's live server. A person is a `requests`
session that follows every redirect between the two hosts (localhost for the app, 127.0.0.1 for the
provider), posts the SSO button's form and types their account on the provider's sign-in page."""

import html
import re
from urllib.parse import unquote, urljoin

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from accounts import sso
from accounts.mfa import SSO_ASSERTED_MFA_SESSION_KEY
from accounts.models import AuditAction, AuditEvent
from org.roles import Role
from tests.accounts.helpers import MFA_ROLES
from tests.factories import PASSWORD, make_employee
from tests.servers import OidcAccount

pytestmark = [pytest.mark.oidc, pytest.mark.django_db(transaction=True)]


def sign_in_by_sso(base: str, issuer: str, sub: str) -> tuple[requests.Session, requests.Response, str]:
    """Press the SSO button on the login page, sign in as `sub` at the provider, follow it back. Returns the
    person's session, the page they end on, and the authorization request the app sent them to."""
    person = requests.Session()
    login_page = person.get(f"{base}/accounts/login/", timeout=30)
    assert login_page.status_code == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    action = re.search(r'<form[^>]+action="([^"]*/accounts/oidc/[^"]+)"', login_page.text).group(1)
    at_provider = person.post(urljoin(base, html.unescape(action)), data={"csrfmiddlewaretoken": csrf}, timeout=30)
    assert at_provider.url.startswith(f"{issuer}/interaction/"), at_provider.url
    authorization_request = at_provider.history[-1].url
    assert "code_challenge=" in authorization_request  # PKCE: the provider refuses a request without it
    assert "nonce=" in authorization_request  # and the ID token must carry it back
    back = person.post(at_provider.url, data={"login": sub}, timeout=30)
    return person, back, authorization_request


def session_of(person: requests.Session) -> SessionStore:
    return SessionStore(session_key=person.cookies["sessionid"])


def test_a_person_signs_in_through_the_provider_and_lands_as_the_employee_with_that_email(
    org, identity_provider, live_server
):
    walter = org.water_worker
    walter.work_email = "Walter.Worker@Harbor.example.gov"
    walter.save()
    walter.user.delete()  # an employee with no account yet: single sign-on makes it
    with identity_provider(OidcAccount(sub="idp-walter", email="walter.worker@harbor.example.gov")) as issuer:
        person, landed, _ = sign_in_by_sso(live_server.url, issuer, "idp-walter")

        assert landed.status_code == 200
        assert landed.url == f"{live_server.url}/"
        walter.refresh_from_db()
        account = walter.user
        assert account.username == walter.employee_number
        assert f"Sign out {walter.employee_number}" in landed.text
        assert [group.name for group in account.groups.all()] == [Role.EMPLOYEE.value]
        assert not account.has_usable_password() and not account.is_staff
        assert SocialAccount.objects.get(uid="idp-walter").user == account
        assert session_of(person)["_auth_user_id"] == str(account.pk)

        # Signing in again is the same account, not a second one.
        _, again, _ = sign_in_by_sso(live_server.url, issuer, "idp-walter")
        assert f"Sign out {walter.employee_number}" in again.text
        assert User.objects.filter(username=walter.employee_number).count() == 1


def test_matching_by_employee_number_signs_the_employee_in_to_the_account_they_already_have(
    org, identity_provider, live_server, settings
):
    settings.OIDC_MATCH_CLAIM = "employee_number"
    settings.OIDC_MATCH_FIELD = "employee_number"
    trina = org.trainer_user.employee
    with identity_provider(
        OidcAccount(sub="idp-trina", email="someone.else@example.gov", employee_number=trina.employee_number)
    ) as issuer:
        person, landed, _ = sign_in_by_sso(live_server.url, issuer, "idp-trina")

    assert "Sign out trainer" in landed.text
    assert session_of(person)["_auth_user_id"] == str(org.trainer_user.pk)
    assert SocialAccount.objects.get(uid="idp-trina").user == org.trainer_user


def test_a_public_client_with_pkce_and_extra_parameters_signs_in_as_login_gov_asks(org, identity_provider, live_server):
    """Login.gov: no client secret (PKCE proves the client), acr_values and prompt on the request (Login.gov
    wants prompt=select_account, which this provider does not know; prompt=login stands in for it)."""
    walter = org.water_worker
    walter.work_email = "walter@harbor.example.gov"
    walter.save()
    acr = {"acr_values": "urn:acr.login.gov:auth-only", "prompt": "login"}
    with identity_provider(
        OidcAccount(sub="idp-walter", email=walter.work_email), public_client=True, auth_params=acr
    ) as issuer:
        _, landed, authorization_request = sign_in_by_sso(live_server.url, issuer, "idp-walter")

    assert "acr_values=urn%3Aacr.login.gov%3Aauth-only" in authorization_request
    assert "prompt=login" in authorization_request
    assert re.search(r"[?&]state=[^&]{22,}", authorization_request)  # Login.gov wants at least 22 characters
    assert re.search(r"[?&]nonce=[^&]{22,}", authorization_request)
    assert "Sign out employee" in landed.text


@pytest.mark.parametrize(
    "who",
    ["stranger", "leaver", "two employees share the email"],
)
def test_a_person_not_on_the_staff_list_is_refused_and_nothing_is_created(org, identity_provider, live_server, who):
    email = "pat.smith@harbor.example.gov"
    if who == "leaver":
        make_employee(org.water, "Pat", "Smith", work_email=email, active=False)
    if who == "two employees share the email":
        make_employee(org.water, "Pat", "Smith", work_email=email)
        make_employee(org.clinic, "Patricia", "Smith", work_email=email.upper())
    users = User.objects.count()
    with identity_provider(OidcAccount(sub="idp-pat", email=email)) as issuer:
        person, refused, _ = sign_in_by_sso(live_server.url, issuer, "idp-pat")

    assert refused.status_code == 403
    assert "You are not on the staff list" in refused.text
    assert "Ask your HR office" in refused.text
    assert User.objects.count() == users
    assert not SocialAccount.objects.exists()
    assert "_auth_user_id" not in session_of(person)
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_REFUSED)
    assert event.username == email and event.actor is None


def test_a_provider_that_asserts_mfa_counts_as_the_second_factor_and_a_password_alone_does_not(
    org, identity_provider, live_server, settings
):
    settings.OIDC_MFA_AMR = ["mfa", "hwk", "otp"]
    org.hr_user.employee.work_email = "harriet@harbor.example.gov"
    org.hr_user.employee.save()
    org.employee_user.employee.work_email = "walter@harbor.example.gov"
    org.employee_user.employee.save()
    with identity_provider(
        OidcAccount(sub="idp-harriet", email="harriet@harbor.example.gov", amr=["pwd", "mfa"]),
        OidcAccount(sub="idp-walter", email="walter@harbor.example.gov", amr=["pwd"]),
    ) as issuer:
        harriet, _, _ = sign_in_by_sso(live_server.url, issuer, "idp-harriet")
        walter, _, _ = sign_in_by_sso(live_server.url, issuer, "idp-walter")

    assert session_of(harriet)[SSO_ASSERTED_MFA_SESSION_KEY] is True
    assert session_of(harriet)["_auth_user_id"] == str(org.hr_user.pk)
    assert not session_of(walter).get(SSO_ASSERTED_MFA_SESSION_KEY)
    assert session_of(walter)["_auth_user_id"] == str(org.employee_user.pk)


def test_hr_whose_provider_asserts_mfa_opens_the_evaluations_and_hr_without_it_is_sent_to_add_a_factor(
    org, identity_provider, live_server, settings
):
    settings.MFA_REQUIRED_ROLES = MFA_ROLES
    settings.OIDC_MFA_AMR = ["mfa"]
    harriet = org.hr_user.employee
    harriet.work_email = "harriet@harbor.example.gov"
    harriet.save()
    with identity_provider(
        OidcAccount(sub="idp-harriet-mfa", email=harriet.work_email, amr=["mfa", "otp"]),
        OidcAccount(sub="idp-harriet-pwd", email=harriet.work_email, amr=["pwd"]),
    ) as issuer:
        with_mfa, _, _ = sign_in_by_sso(live_server.url, issuer, "idp-harriet-mfa")
        without, _, _ = sign_in_by_sso(live_server.url, issuer, "idp-harriet-pwd")

    assert with_mfa.get(f"{live_server.url}/evaluations/all/", allow_redirects=False, timeout=30).status_code == 200
    sent = without.get(f"{live_server.url}/evaluations/all/", allow_redirects=False, timeout=30)
    assert sent.status_code == 302 and sent.headers["Location"] == "/accounts/2fa/?required=1"


def test_with_password_sign_in_off_the_login_page_offers_only_sso_and_a_posted_password_is_refused(
    org, identity_provider, client, settings
):
    settings.PASSWORD_SIGN_IN = False
    with identity_provider():
        page = client.get("/accounts/login/")
        assert b"Harbor County sign-in" in page.content
        assert b'name="password"' not in page.content

        answer = client.post("/accounts/login/", {"login": "hr", "password": PASSWORD})
        assert "_auth_user_id" not in client.session
        assert "Password sign-in is turned off here" in answer.content.decode()

        # Django admin's login page sends people to the sign-in page, and no backend takes a password.
        admin = client.post("/admin/login/?next=/admin/org/", {"username": "admin", "password": PASSWORD})
        assert admin.status_code == 302
        assert unquote(admin["Location"]) == "/accounts/login/?next=/admin/org/"
        assert "_auth_user_id" not in client.session
        assert authenticate(RequestFactory().post("/"), username="admin", password=PASSWORD) is None


def test_an_id_token_without_the_nonce_this_sign_in_sent_is_not_accepted():
    state = {"nonce": "sent-with-this-sign-in"}
    assert sso.nonce_returned(state=state, claims={"id_token": {"nonce": "sent-with-this-sign-in"}})
    assert not sso.nonce_returned(state=state, claims={"id_token": {"nonce": "from-another-sign-in"}})
    assert not sso.nonce_returned(state=state, claims={"id_token": {}, "userinfo": {"nonce": "sent-with-this-sign-in"}})
    assert not sso.nonce_returned(state={}, claims={"id_token": {}})
