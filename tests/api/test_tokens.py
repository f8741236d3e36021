"""Program admins issue and revoke API tokens on a page; a token is shown once and only its hash is kept."""

import re

import pytest
from django.urls import reverse

from accounts.api_tokens import hash_secret, issue_token
from accounts.models import ApiToken, AuditAction, AuditEvent
from tests.api.conftest import post_invitation

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:api_tokens")


def issue_on_the_page(client, org, *points, name="Permit system") -> str:
    """The admin fills in the form; returns the secret the page shows."""
    client.force_login(org.admin_user)
    page = client.post(PAGE, {"name": name, "service_points": [point.pk for point in points]})
    assert page.status_code == 200
    match = re.search(r'id="issued-secret"[^>]*value="(sc_[^"]+)"', page.content.decode())
    assert match, "the page shows the new secret"
    return match[1]


def test_an_admin_issues_a_token_and_sees_its_secret_only_once(client, org):
    secret = issue_on_the_page(client, org, org.counter)
    token = ApiToken.objects.get()
    assert token.name == "Permit system" and list(token.service_points.all()) == [org.counter]
    assert token.secret_hash == hash_secret(secret) and secret not in token.secret_hash
    again = client.get(PAGE).content.decode()
    assert secret not in again and token.prefix in again and "Water counter" in again
    event = AuditEvent.objects.get(action=AuditAction.API_TOKEN_ISSUED)
    assert event.actor == org.admin_user and "Permit system" in event.summary


def test_a_token_without_service_points_is_refused_keeping_the_name_typed(client, org):
    client.force_login(org.admin_user)
    page = client.post(PAGE, {"name": "311 desk"})
    assert page.status_code == 200 and not ApiToken.objects.exists()
    assert 'value="311 desk"' in page.content.decode() and "This field is required" in page.content.decode()


def test_the_page_shows_when_a_token_was_last_used(client, org, survey, water_token):
    client.force_login(org.admin_user)
    assert "never" in client.get(PAGE).content.decode()
    post_invitation(client, water_token, service_point=org.counter.pk, channel="counter")
    assert ApiToken.objects.get().last_used_at is not None
    assert "never" not in client.get(PAGE).content.decode()


def test_a_revoked_token_gets_401_and_the_revocation_is_on_the_trail(client, org, survey):
    secret = issue_on_the_page(client, org, org.counter)
    token = ApiToken.objects.get()
    assert post_invitation(client, secret, service_point=org.counter.pk, channel="counter").status_code == 201
    revoked = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert revoked.status_code == 302
    answer = post_invitation(client, secret, service_point=org.counter.pk, channel="counter")
    assert answer.status_code == 401 and answer["Content-Type"].startswith("application/json")
    assert "authorization" in answer.json()["errors"]
    assert AuditEvent.objects.get(action=AuditAction.API_TOKEN_REVOKED).actor == org.admin_user
    assert "revoked" in client.get(PAGE).content.decode()


def test_revoking_twice_says_it_was_already_revoked(client, org):
    issue_on_the_page(client, org, org.counter)
    token = ApiToken.objects.get()
    client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    page = client.post(reverse("accounts:api_token_revoke", args=[token.pk]), follow=True)
    assert "already revoked" in page.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_REVOKED).count() == 1


@pytest.mark.parametrize("header", ["", "Bearer sc_not-a-token", "Bearer ", "Basic YWRtaW46ZGVtbw=="])
def test_a_missing_or_unknown_token_gets_401_json(client, org, survey, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    answer = client.post(
        "/api/v1/invitations",
        {"service_point": org.counter.pk, "channel": "counter"},
        content_type="application/json",
        **extra,
    )
    assert answer.status_code == 401 and answer["WWW-Authenticate"] == "Bearer"
    assert answer.json() == {"errors": {"authorization": ["Send a valid, unrevoked API token as a Bearer token."]}}


def test_the_token_list_costs_the_same_with_many_tokens(client, org, django_assert_max_num_queries):
    for number in range(8):
        issue_token(name=f"System {number}", service_points=[org.counter, org.clinic_desk], by=org.admin_user)
    client.force_login(org.admin_user)
    with django_assert_max_num_queries(12):
        page = client.get(PAGE)
    assert page.content.decode().count("Clinic desk") >= 8
