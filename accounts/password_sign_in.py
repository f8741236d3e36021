"""Password sign-in can be switched off (PASSWORD_SIGN_IN=false, where the county signs in only by SSO).

The switch is kept by the authentication backends, so every door that takes a password (the sign-in page,
anything else that calls authenticate()) refuses it alike; Django admin's login page already sends people to
the sign-in page (serviceculture/urls.py). Signing in by SSO asks no backend to check a password:
allauth logs the matched account in directly.
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.http import HttpRequest


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
