"""Password sign-in can be switched off (PASSWORD_SIGN_IN=false, where the county signs in only by SSO).

The switch is kept by the authentication backends, so every door that takes a password (the sign-in page,
Django admin's own login form, anything else that calls authenticate()) refuses it alike; Django admin's
login page sends people to the sign-in page instead. Signing in by SSO asks no backend to check a password:
allauth logs the matched account in directly.
"""

from collections.abc import Callable
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


class PasswordBackend(ModelBackend):
    """Django's username and password check, while password sign-in is on."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not settings.PASSWORD_SIGN_IN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class AllauthPasswordBackend(AuthenticationBackend):
    """allauth's username-or-email and password check, while password sign-in is on."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> AbstractBaseUser | None:
        if not settings.PASSWORD_SIGN_IN:
            return None
        user: AbstractBaseUser | None = super().authenticate(request, **credentials)
        return user


def admin_login_unless_password_sign_in_is_off(
    admin_login: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Django admin's login view while passwords are taken; otherwise a redirect to the sign-in page, whose SSO
    button brings the person back to admin."""

    def login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if settings.PASSWORD_SIGN_IN:
            return admin_login(request, extra_context)
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("account_login"))

    return login
