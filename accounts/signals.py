"""Receivers of django-allauth's and Django's sign-in signals: infrastructure, not business rules.

DESIGN.md keeps business rules out of signals. These receivers hold none: they put what happened to a
person's identity on the audit trail (accounts.audit.record), and note in the session that a second factor was
just added (accounts.mfa), because sign-in, password and second-factor changes happen inside django-allauth's
views, whose signals are the only place to hear of them. accounts/apps.py connects them.
"""

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from accounts.audit import record
from accounts.mfa import note_enrolment
from accounts.models import AuditAction

FACTOR_NAMES = {
    Authenticator.Type.TOTP: "authenticator app",
    Authenticator.Type.WEBAUTHN: "security key or passkey",
    Authenticator.Type.RECOVERY_CODES: "recovery codes",
}


def _factor(authenticator: Authenticator) -> str:
    return FACTOR_NAMES.get(authenticator.type, str(authenticator.type))


def signed_in(sender: Any, *, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any) -> None:
    record(AuditAction.SIGNED_IN, by=user, summary="Signed in")


def sign_in_failed(
    sender: Any, *, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django hides the password in credentials; the name typed is what an administrator needs to see.
    typed = str(credentials.get("username") or credentials.get("email") or "")
    record(AuditAction.SIGN_IN_FAILED, by=None, username=typed, summary="Wrong username or password")


def signed_out(sender: Any, *, request: HttpRequest, user: AbstractBaseUser | None, **kwargs: Any) -> None:
    if user is not None:
        record(AuditAction.SIGNED_OUT, by=user, summary="Signed out")


def password_changed(sender: Any, *, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any) -> None:
    record(AuditAction.PASSWORD_CHANGED, by=user, summary="Changed their password")


def password_reset(sender: Any, *, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any) -> None:
    # The person is not signed in when they reset: they act as themselves, proven by the emailed link.
    record(AuditAction.PASSWORD_RESET, by=None, username=user.get_username(), summary="Reset their password by email")


def factor_added(
    sender: Any, *, request: HttpRequest, user: AbstractBaseUser, authenticator: Authenticator, **kwargs: Any
) -> None:
    record(AuditAction.MFA_CHANGED, by=user, summary=f"Added a second factor: {_factor(authenticator)}")
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        note_enrolment(request)


def factor_removed(
    sender: Any, *, request: HttpRequest, user: AbstractBaseUser, authenticator: Authenticator, **kwargs: Any
) -> None:
    record(AuditAction.MFA_CHANGED, by=user, summary=f"Removed a second factor: {_factor(authenticator)}")


def factor_reset(
    sender: Any, *, request: HttpRequest, user: AbstractBaseUser, authenticator: Authenticator, **kwargs: Any
) -> None:
    record(AuditAction.MFA_CHANGED, by=user, summary=f"Made new {_factor(authenticator)}")
