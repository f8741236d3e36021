"""Holding a role that sees pay, evaluations or residents' contact details means using a second factor.

A signed-in person who must use one (accounts/mfa.py says who, and what counts) and whose session has not is
sent, from any page but those under /accounts/, to enrol one (the second-factor page) or, if they have one,
to enter it. The pages under /accounts/ stay open so they can do either, change their password or sign out;
static files and the health check are nobody's data.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.mfa import has_second_factor, second_factor_required, second_factor_verified

OPEN_PREFIXES = ("/accounts/", "/healthz", "/i18n/")


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_stop(request):
            return self._to_second_factor(request)
        return self.get_response(request)

    @staticmethod
    def _must_stop(request: HttpRequest) -> bool:
        if not request.user.is_authenticated or request.path.startswith((*OPEN_PREFIXES, settings.STATIC_URL)):
            return False
        return second_factor_required(request.user) and not second_factor_verified(request)

    @staticmethod
    def _to_second_factor(request: HttpRequest) -> HttpResponse:
        if has_second_factor(request.user):
            # Signed in without it (e.g. before they enrolled it): enter it, then back to the page they asked for.
            return HttpResponseRedirect(
                f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}"
            )
        return HttpResponseRedirect(f"{reverse('mfa_index')}?required=1")
