"""What happens to a person's identity is on the audit trail (accounts/signals.py), and second-factor changes
are announced to them by email."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent
from tests.accounts.helpers import sign_in, totp_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "harbor-lighthouse-4417"


def trail() -> list[tuple[str, str | None, str, str]]:
    """(action, actor's username or None, username, summary), oldest first."""
    return [
        (event.action, event.actor.username if event.actor else None, event.username, event.summary)
        for event in AuditEvent.objects.order_by("at", "pk")
    ]


@pytest.fixture
def hr(org):
    org.hr_user.email = "pat.hr@harborcounty.example.gov"
    org.hr_user.save(update_fields=["email"])
    return org.hr_user


def _reauthenticate(client):
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302


def test_a_sign_in_and_a_sign_out_are_on_record(client, org):
    sign_in(client, "hr")
    client.post(reverse("account_logout"))
    assert trail() == [
        (AuditAction.SIGNED_IN, "hr", "hr", "Signed in"),
        (AuditAction.SIGNED_OUT, "hr", "hr", "Signed out"),
    ]


def test_a_failed_sign_in_records_the_name_typed_and_nobody_as_actor(client, org):
    sign_in(client, "hr", "guess")
    sign_in(client, "no-such-person", "guess")
    assert trail() == [
        (AuditAction.SIGN_IN_FAILED, None, "hr", "Wrong username or password"),
        (AuditAction.SIGN_IN_FAILED, None, "no-such-person", "Wrong username or password"),
    ]


def test_a_password_change_is_on_record(client, hr):
    sign_in(client, "hr")
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert (AuditAction.PASSWORD_CHANGED, "hr", "hr", "Changed their password") in trail()


def test_a_password_reset_is_on_record_under_the_persons_name(client, hr, settings):
    client.post(reverse("account_reset_password"), {"email": hr.email})
    link = mail.outbox[0].body.split(settings.SITE_URL, 1)[1].split()[0]
    key_page = client.get(link)["Location"]
    client.post(key_page, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert (AuditAction.PASSWORD_RESET, None, "hr", "Reset their password by email") in trail()


# allauth announces second-factor changes once their transaction commits, as it does outside tests.
@pytest.mark.django_db(transaction=True)
def test_adding_an_authenticator_app_is_on_record_and_announced(client, hr):
    sign_in(client, "hr")
    _reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    changes = [summary for action, _, _, summary in trail() if action == AuditAction.MFA_CHANGED]
    assert "Added a second factor: authenticator app" in changes
    assert "Added a second factor: recovery codes" in changes  # made with the first factor
    notices = [message for message in mail.outbox if message.to == [hr.email]]
    assert any("Authenticator app activated." in message.body for message in notices)


@pytest.mark.django_db(transaction=True)
def test_removing_a_factor_and_making_new_recovery_codes_are_on_record(client, hr):
    secret = generate_totp_secret()
    TOTP.activate(hr, secret)
    sign_in(client, "hr")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    _reauthenticate(client)
    assert client.post(reverse("mfa_generate_recovery_codes")).status_code == 302
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=hr, type=Authenticator.Type.TOTP).exists()
    changes = [summary for action, _, _, summary in trail() if action == AuditAction.MFA_CHANGED]
    assert "Made new recovery codes" in changes
    assert "Removed a second factor: authenticator app" in changes
    bodies = " ".join(str(message.body) for message in mail.outbox)
    assert "Authenticator app deactivated." in bodies
    assert "recovery codes has been generated" in bodies
