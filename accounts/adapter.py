"""How django-allauth behaves here.

- Nobody signs up: staff accounts come from HR data and from program admins.
- Sign-in failures are counted in the cache (allauth's "login_failed" rate limit, settings.ACCOUNT_RATE_LIMITS)
  per username *and* address together, and per address across usernames. A stranger elsewhere who fails on
  "admin" fills only their own pair's count, so admin still signs in from their own address; one address that
  tries a password against many usernames (spraying) is refused after LOGIN_ADDRESS_FAILURE_LIMIT failures.
- The address is the one settings.CLIENT_ADDRESS_HEADER names (behind Caddy, REMOTE_ADDR is the proxy's), and
  the counts key on its salted hash: like the residents' rate limit, no address is stored, even in the cache.
- Links in emails are built on SITE_URL, never on the Host header of the request that asked for them.
"""

import hashlib
from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import truncate_ip
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceculture.links import absolute_url

TOO_MANY_FAILURES = "too_many_login_attempts"


def client_address(request: HttpRequest) -> str:
    """The client's address as our proxy saw it; of a list (X-Forwarded-For) the last entry, which our proxy added."""
    forwarded = str(request.META.get(settings.CLIENT_ADDRESS_HEADER, ""))
    return forwarded.split(",")[-1].strip() or str(request.META.get("REMOTE_ADDR", ""))


def address_key(request: HttpRequest) -> str:
    """A salted hash of the client address (an IPv6 address by its /64, as allauth counts it): never stored."""
    address = truncate_ip(client_address(request))
    return hashlib.sha256(f"{settings.RATE_LIMIT_SALT}:sign-in:{address}".encode()).hexdigest()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        TOO_MANY_FAILURES: _(
            "Too many failed attempts to sign in to this account from here. Wait a few minutes and try again. "
            "If it was not you, tell your program administrator."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        return address_key(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys the per-account count on the login alone, which lets anyone lock anyone out.
        login = str(credentials.get("email", credentials.get("username", ""))).lower()
        return f"{login}:{address_key(request)}"

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))
