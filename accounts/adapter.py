"""How django-allauth behaves here: staff accounts come from HR data and from program admins, never from a
sign-up form."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from accounts import sso
from accounts.sso import SSO_ASSERTED_MFA, asserted_mfa


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

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
        request.session[SSO_ASSERTED_MFA] = sociallogin is not None and asserted_mfa(sociallogin.account.extra_data)
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
