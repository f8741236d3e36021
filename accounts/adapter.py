"""How django-allauth behaves here.

- Nobody signs up: staff accounts come from HR data and from program admins.
- Sign-in failures are counted in the cache (allauth's "login_failed" rate limit, settings.ACCOUNT_RATE_LIMITS)
  per username *and* address together, and per address across usernames. A stranger elsewhere who fails on
  "admin" fills only their own pair's count, so admin still signs in from their own address; one address that
  tries a password against many usernames (spraying) is refused after LOGIN_ADDRESS_FAILURE_LIMIT failures.
- The address is the one settings.CLIENT_ADDRESS_HEADER names (behind Caddy, REMOTE_ADDR is the proxy's), and
  the counts key on its salted hash: like the residents' rate limit, no address is stored, even in the cache.
- Links in emails are built on SITE_URL, never on the Host header of the request that asked for them.
- A mail server that is down never turns a sign-in action into a 500 (send_mail): a password change is made
  all the same, and a reset is simply asked for again; the operators see the failure in the log.
- With PASSWORD_SIGN_IN off, a posted password is refused with a reason (accounts/password_sign_in.py).
- Single sign-on (SocialAccountAdapter): only the one active employee the provider's claims name comes in
  (accounts/sso.py); every sign-in records afresh whether the provider asserted a second factor.
"""

import logging
from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.ratelimit import truncate_ip
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from accounts import sso
from accounts.mfa import SSO_ASSERTED_MFA_SESSION_KEY
from accounts.sso import asserted_mfa
from serviceculture.addresses import client_address, salted_hash
from serviceculture.links import absolute_url

TOO_MANY_FAILURES = "too_many_login_attempts"

log = logging.getLogger(__name__)


def address_key(request: HttpRequest) -> str:
    """A salted hash of the client address (an IPv6 address by its /64, as allauth counts it): never stored."""
    return salted_hash("sign-in", truncate_ip(client_address(request)))


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

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        try:
            super().send_mail(template_prefix, email, context)
        except OSError:  # smtplib's errors and refused or timed-out connections alike
            log.exception("could not send the %s email", template_prefix.rsplit("/", 1)[-1])

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # With PASSWORD_SIGN_IN off the backends refuse every password anyway; this says why, instead of
        # "wrong password", and counts no failure against the account.
        if not settings.PASSWORD_SIGN_IN:
            raise ValidationError(_("Password sign-in is turned off here: use the single sign-on button."))
        super().pre_authenticate(request, **credentials)

    def post_login(self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any) -> HttpResponse:
        # Every sign-in says afresh whether the identity provider vouched for a second factor: a password
        # sign-in in the same browser never inherits an earlier SSO sign-in's word.
        sociallogin: SocialLogin | None = (kwargs.get("signal_kwargs") or {}).get("sociallogin")
        request.session[SSO_ASSERTED_MFA_SESSION_KEY] = sociallogin is not None and asserted_mfa(
            sociallogin.account.extra_data
        )
        response: HttpResponse = super().post_login(request, user, **kwargs)
        return response


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on lets in only the one active employee the provider's claims name (accounts/sso.py)."""

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if not sso.nonce_returned(state=sociallogin.state, claims=sociallogin.account.extra_data):
            # An ID token minted for another sign-in (replayed, or injected with a stolen code): not this person.
            provider = sociallogin.account.get_provider()
            raise ImmediateHttpResponse(render_authentication_error(request, provider, error=AuthError.DENIED))
        connected = sociallogin.user if sociallogin.is_existing else None
        outcome = sso.signing_in_account(claims=sociallogin.account.extra_data, connected=connected)
        if isinstance(outcome, sso.Refusal):
            sso.record_refusal(outcome)
            raise ImmediateHttpResponse(refusal_page(request, outcome))
        if connected is None:
            sociallogin.connect(request, outcome)

    def generate_state_param(self, state: dict[str, Any]) -> str:
        # allauth's 16 characters are too short for Login.gov, which wants a state of at least 22.
        return get_random_string(43)

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        # pre_social_login has connected every person who may come in; whoever reaches sign-up may not.
        return False


def refusal_page(request: HttpRequest, refusal: sso.Refusal) -> HttpResponse:
    context = {"claim_value": refusal.claim_value, "provider_name": settings.OIDC_PROVIDER_NAME}
    return render(request, "accounts/sso_refused.html", context, status=403)
