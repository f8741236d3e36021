"""The page where program admins issue and revoke the tokens other systems use on the JSON API (accounts/api_tokens.py
holds the rules). The secret is shown on the page that answers the issuing form, once, and is never stored."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from accounts.api_tokens import issue_token, revoke_token
from accounts.forms import ApiTokenForm
from accounts.models import ApiToken
from org.access import RoleRequiredMixin
from org.models import ServicePoint
from org.roles import Role
from serviceculture.errors import add_to_form, reported
from serviceculture.types import SignedInRequest

TOKEN_KEEPERS = (Role.PROGRAM_ADMIN,)


class ApiTokensView(RoleRequiredMixin, FormView):  # type: ignore[type-arg]
    """Every token, live ones first, with the service points it acts for and when it was last used; and the form
    that issues a new one."""

    request: SignedInRequest
    allowed_roles = TOKEN_KEEPERS
    form_class = ApiTokenForm
    template_name = "accounts/api_tokens.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        points = ServicePoint.objects.select_related("department").order_by("department__name", "name")
        tokens = ApiToken.objects.select_related("created_by__employee", "revoked_by").prefetch_related(
            Prefetch("service_points", queryset=points)
        )
        return super().get_context_data(tokens=tokens, **kwargs)

    def form_valid(self, form: ApiTokenForm) -> HttpResponse:
        try:
            token, secret = issue_token(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_to_form(error, form)
            return self.form_invalid(form)
        # Rendered, not redirected: the secret must not travel through the session or a message store.
        return self.render_to_response(self.get_context_data(form=ApiTokenForm(), issued=token, secret=secret))


class RevokeApiTokenView(RoleRequiredMixin, View):
    request: SignedInRequest
    allowed_roles = TOKEN_KEEPERS
    http_method_names = ["post"]

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        token = get_object_or_404(ApiToken, pk=pk)
        with reported(request, _("The token “%(name)s” is revoked.") % {"name": token.name}):
            revoke_token(token=token, by=request.user)
        return redirect("accounts:api_tokens")
