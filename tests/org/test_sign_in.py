import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD


def _sign_in(client, username, password):
    return client.post(reverse("account_login"), {"login": username, "password": password})


@pytest.mark.django_db
def test_sign_in_with_the_right_password_goes_home(client, org):
    response = _sign_in(client, "hr", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")


@pytest.mark.django_db
def test_wrong_password_says_so_and_keeps_the_username(client, org):
    response = _sign_in(client, "hr", "not-it")
    assert response.status_code == 200
    content = response.content.decode()
    assert "The username and/or password you specified are not correct" in content
    assert 'value="hr"' in content


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_from_there_even_with_the_right_password(client, org):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(client, "hr", "guess")
    response = _sign_in(client, "hr", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts to sign in to this account from here" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_is_per_account_not_per_office(client, org):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(client, "hr", "guess")
    response = _sign_in(client, "head", PASSWORD)
    assert response.status_code == 302


@pytest.mark.django_db
def test_staff_session_expires_after_thirty_idle_minutes(client, org):
    _sign_in(client, "hr", PASSWORD)
    assert client.session.get_expiry_age() == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # every request moves the expiry: an idle timeout


@pytest.mark.django_db
def test_sign_out_is_a_post(client, org):
    client.force_login(org.hr_user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, visible, hidden",
    [
        ("admin_user", ["Departments", "Admin"], []),
        ("hr_user", ["Departments", "Employees"], [">Admin<"]),
        ("head_user", ["Departments", "Your departments", "Public Works"], [">Admin<"]),
        ("employee_user", ["Your record"], [">Departments<", ">Admin<"]),
    ],
)
def test_home_shows_each_role_what_it_can_use(client, org, who, visible, hidden):
    client.force_login(getattr(org, who))
    content = client.get(reverse("home")).content.decode()
    for text in visible:
        assert text in content
    for text in hidden:
        assert text not in content
