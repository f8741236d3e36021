"""allauth's OpenID Connect provider, with a nonce.

allauth sends `state` and a PKCE challenge but no `nonce`. Some providers require one (Login.gov refuses an
authorization request without a nonce of at least 22 characters), and it binds the ID token to this browser's
sign-in: each redirect gets a fresh random nonce, kept in the sign-in's stashed state, and
accounts.adapter.SocialAccountAdapter refuses an ID token that does not carry it back.
"""

import secrets
from typing import Any

from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider as AllauthOpenIDConnectProvider,
)
from django.http import HttpRequest, HttpResponse

NONCE = "nonce"


class OpenIDConnectProvider(AllauthOpenIDConnectProvider):
    # allauth finds a provider's URLs and templates by its package: they stay allauth's own.
    package = "allauth.socialaccount.providers.openid_connect"

    def redirect(
        self, request: HttpRequest, process: str, next_url: str | None = None, data: Any = None, **kwargs: Any
    ) -> HttpResponse:
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        auth_params = dict(self.get_auth_params() if auth_params is None else auth_params, nonce=nonce)
        # Everything left in kwargs goes into the stashed state, which comes back with the callback.
        response: HttpResponse = super().redirect(
            request, process, next_url, data, auth_params=auth_params, **{NONCE: nonce}, **kwargs
        )
        return response
