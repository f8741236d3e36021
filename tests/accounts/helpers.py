"""Signing in as a person does, and the code their authenticator app shows, for the accounts tests."""

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse

from tests.factories import PASSWORD

# Pages only program admins open (the audit trail, people and roles): who gets what.
ONLY_PROGRAM_ADMINS = [
    ("admin_user", 200),
    ("hr_user", 403),
    ("head_user", 403),
    ("trainer_user", 403),
    ("employee_user", 403),
]
MFA_ROLES = ["Program admin", "HR staff", "Department head", "Customer relations representative"]


def sign_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": username, "password": password}, **extra)


def totp_code(secret: str) -> str:
    """What an authenticator app holding `secret` shows now (allauth's own arithmetic, RFC 6238)."""
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
