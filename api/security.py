"""Who calls the API, and how often: API tokens (accounts/api_tokens.py) for the invitations, client addresses for
the anonymous open data. Both are rate limited with django-ratelimit, whose counts live in the cache (and let a
request through when the cache fails, as RATELIMIT_FAIL_OPEN says)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from ninja.security import HttpBearer

from accounts.api_tokens import token_for_secret
from accounts.models import ApiToken
from api.errors import TooManyRequests
from serviceculture.addresses import client_address, salted_hash


def _token_key(group: str, request: HttpRequest) -> str:
    return f"token:{request.auth.pk}"  # type: ignore[attr-defined]


def _address_key(group: str, request: HttpRequest) -> str:
    return salted_hash(client_address(request))


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <secret>` of a live API token; each token may make API_TOKEN_RATE calls."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_for_secret(token)
        if api_token is None:
            return None
        request.auth = api_token  # type: ignore[attr-defined]
        if is_ratelimited(request, group="api.token", key=_token_key, rate=settings.API_TOKEN_RATE, increment=True):
            raise TooManyRequests
        return api_token


def limit_anonymous(request: HttpRequest, *, group: str) -> None:
    """Count an anonymous call against its address's OPEN_DATA_RATE; TooManyRequests past it."""
    if is_ratelimited(request, group=group, key=_address_key, rate=settings.OPEN_DATA_RATE, increment=True):
        raise TooManyRequests


def token_of(request: HttpRequest) -> ApiToken:
    """The token TokenAuth found (the endpoint runs only when it found one)."""
    token: Any = getattr(request, "auth", None)
    assert isinstance(token, ApiToken)
    return token
