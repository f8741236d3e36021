"""Self-service password reset at /accounts/password/reset/ (django-allauth), and the notices a person gets
when their password or second factor changes."""

import re
from datetime import timedelta

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.accounts.helpers import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
NEW_PASSWORD = "harbor-lighthouse-4417"


@pytest.fixture
def hr(org):
    org.hr_user.email = "pat.hr@harborcounty.example.gov"
    org.hr_user.save(update_fields=["email"])
    return org.hr_user


def _link(message) -> str:
    return re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.body).group(0)


def _local(url: str, settings) -> str:
    assert url.startswith(settings.SITE_URL)  # built on SITE_URL, never on the request's Host
    return url[len(settings.SITE_URL) :]


def _choose_new_password(client, link_path: str):
    opened = client.get(link_path)
    assert opened.status_code == 302  # allauth moves the token out of the address into the session
    form = client.get(opened["Location"])
    assert form.status_code == 200 and 'name="password1"' in form.content.decode()
    return client.post(opened["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})


def test_the_reset_page_opens(client):
    assert reverse("account_reset_password") == RESET
    assert client.get(RESET).status_code == 200


def test_the_full_reset_sets_a_new_password_and_the_link_works_once(client, hr, settings):
    response = client.post(RESET, {"email": hr.email})
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [hr.email]
    assert "Password Reset" in message.subject
    assert "Hello from ServiceCulture at Harbor County." in message.body
    link = _local(_link(message), settings)

    done = _choose_new_password(client, link)
    assert done.status_code == 302 and done["Location"] == reverse("account_reset_password_from_key_done")
    hr.refresh_from_db()
    assert hr.check_password(NEW_PASSWORD) and not hr.check_password(PASSWORD)
    assert sign_in(client, "hr", NEW_PASSWORD).status_code == 302

    client.post(reverse("account_logout"))
    again = client.get(link, follow=True)
    assert 'name="password1"' not in again.content.decode()  # used: the token was tied to the old password
    assert "The password reset link was invalid" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, hr):
    known = client.post(RESET, {"email": hr.email})
    unknown = client.post(RESET, {"email": "nobody@harborcounty.example.gov"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [message.to for message in mail.outbox] == [[hr.email]]


def test_a_link_expires(client, hr, settings, monkeypatch):
    client.post(RESET, {"email": hr.email})
    link = _local(_link(mail.outbox[0]), settings)
    later = default_token_generator._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(type(default_token_generator), "_now", lambda self: later)
    page = client.get(link, follow=True)
    assert "The password reset link was invalid" in page.content.decode()


def test_an_address_typed_in_other_capitals_than_hr_stored_still_gets_the_link(client, org):
    """HR exports keep capitals as typed; allauth's own lookup matches only lower case."""
    org.head_user.email = "Dana.Head@HarborCounty.example.gov"
    org.head_user.save(update_fields=["email"])
    client.post(RESET, {"email": "dana.head@harborcounty.example.gov"})
    assert [message.to for message in mail.outbox] == [["dana.head@harborcounty.example.gov"]]


def test_requests_for_one_address_are_rate_limited(client, hr):
    answers = [client.post(RESET, {"email": hr.email}).status_code for _ in range(6)]
    assert answers == [302] * 5 + [429]
    assert len(mail.outbox) == 5


def test_a_changed_password_is_announced_by_email_in_english(client, hr):
    sign_in(client, "hr")
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == [hr.email]
    assert "Your password has been changed." in body
    assert "This change was made to your ServiceCulture account" in body
    assert "127.0.0.1" not in body and "IP address" not in body  # no address, no browser


def test_a_reset_password_is_announced_too(client, hr, settings):
    client.post(RESET, {"email": hr.email})
    _choose_new_password(client, _local(_link(mail.outbox[0]), settings))
    assert len(mail.outbox) == 2
    assert "Your password has been reset." in mail.outbox[1].body


@pytest.mark.django_db
def test_a_person_cannot_add_an_address_that_would_receive_their_password_reset(client, org):
    client.force_login(org.employee_user)
    response = client.post("/accounts/email/", {"action_add": "", "email": "someone@elsewhere.example"})
    assert response.status_code == 404
    assert not EmailAddress.objects.filter(email="someone@elsewhere.example").exists()


@pytest.mark.django_db
def test_a_reset_asked_for_while_the_mail_server_is_down_answers_as_usual(client, org, settings, caplog):
    from tests.servers import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    org.employee_user.email = "elena@example.gov"
    org.employee_user.save()
    response = client.post(reverse("account_reset_password"), {"email": "elena@example.gov"})
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")
    assert "could not send the password_reset_key email" in caplog.text
