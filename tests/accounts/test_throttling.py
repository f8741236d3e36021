"""Sign-in throttling that cannot be turned against staff (accounts/adapter.py): failures count per username and
address together, and per address across usernames; the address comes from the proxy's header; none is kept."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import AuditEvent
from tests.accounts.helpers import sign_in
from tests.factories import make_user

pytestmark = pytest.mark.django_db

STRANGER = "203.0.113.9"
ADMINS_OFFICE = "198.51.100.20"


@pytest.fixture
def behind_proxy(settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"


def from_address(address: str) -> dict:
    return {"HTTP_X_REAL_IP": address}


def test_a_stranger_failing_ten_times_on_admin_does_not_stop_admin_signing_in(client, org, behind_proxy):
    for _ in range(10):
        refused = sign_in(client, "admin", "guess", **from_address(STRANGER))
    assert refused.status_code == 429  # the stranger's own pair is locked by now
    response = sign_in(client, "admin", **from_address(ADMINS_OFFICE))
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_the_locked_pair_gets_a_clear_page_and_not_a_server_error(client, org, behind_proxy, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert sign_in(client, "hr", "guess", **from_address(STRANGER)).status_code == 200
    response = sign_in(client, "hr", "guess", **from_address(STRANGER))
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many failed attempts to sign in to this account from here" in content
    assert 'name="login"' in content  # the page is the sign-in form again, with what they typed
    assert sign_in(client, "hr", **from_address(STRANGER)).status_code == 429  # the right password too, for now


def test_one_address_spraying_a_password_over_many_usernames_is_refused(client, org, behind_proxy, settings):
    usernames = [make_user(f"clerk{number}").username for number in range(40)]
    answers = [sign_in(client, name, "Spring2026!", **from_address(STRANGER)).status_code for name in usernames]
    assert answers[: settings.LOGIN_ADDRESS_FAILURE_LIMIT] == [200] * settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert set(answers[settings.LOGIN_ADDRESS_FAILURE_LIMIT :]) == {429}
    # Another address of the same county is not affected.
    assert sign_in(client, "hr", **from_address(ADMINS_OFFICE)).status_code == 302


def test_successful_sign_ins_do_not_count_against_an_office(client, org, behind_proxy, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 2):
        assert sign_in(client, "hr", **from_address(ADMINS_OFFICE)).status_code == 302
        client.post(reverse("account_logout"))


def test_without_a_proxy_header_the_connection_address_counts(client, org, settings):
    settings.CLIENT_ADDRESS_HEADER = "REMOTE_ADDR"
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "hr", "guess", REMOTE_ADDR=STRANGER)
    assert sign_in(client, "hr", REMOTE_ADDR=STRANGER).status_code == 429
    assert sign_in(client, "hr", REMOTE_ADDR=ADMINS_OFFICE).status_code == 302


def _cache_keys() -> list[str]:
    backend = cache._cache  # type: ignore[attr-defined]
    if hasattr(backend, "get_client"):  # Redis
        return [key.decode() for key in backend.get_client(write=False).keys("*")]
    return list(backend.keys())  # process memory


def test_no_address_is_kept_in_the_database_or_the_cache(client, org, behind_proxy):
    sign_in(client, "hr", "guess", **from_address(STRANGER))
    sign_in(client, "hr", **from_address(STRANGER))
    keys = _cache_keys()
    assert any("login_failed" in key for key in keys)
    assert not [key for key in keys if STRANGER in key]
    events = list(AuditEvent.objects.values_list("username", "summary", "details"))
    assert events and STRANGER not in str(events)


def test_admins_own_sign_in_form_sends_people_to_ours(client, org):
    """Django admin's login form would skip the counts above and the second factor."""
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert client.post("/admin/login/", {"username": "admin", "password": "x"}).status_code == 302


def test_a_refused_sign_in_is_on_the_audit_trail(client, org, behind_proxy, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 1):
        sign_in(client, "hr", "guess", **from_address(STRANGER))
    refused = AuditEvent.objects.filter(action="sign_in_refused")
    assert [(event.username, event.actor) for event in refused] == [("hr", None)]
