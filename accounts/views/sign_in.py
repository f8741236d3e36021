"""The sign-in page: django-allauth's, answering 429 (and putting the refusal on the audit trail) when failures
from here have locked the account for now."""

from allauth.account.views import LoginView as AllauthLoginView
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse

from accounts.adapter import TOO_MANY_FAILURES
from accounts.audit import record
from accounts.models import AuditAction


class LoginView(AllauthLoginView):
    def form_invalid(self, form: Form) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)
        if form.has_error("__all__", TOO_MANY_FAILURES):
            response.status_code = 429  # the form says why and for how long; a client or proxy sees it too
            typed = str(form.data.get("login", ""))
            record(AuditAction.SIGN_IN_REFUSED, by=None, username=typed, summary="Too many failed attempts from there")
        return response


def email_addresses_come_from_hr(request: HttpRequest) -> HttpResponse:
    """allauth's page for adding and changing one's email addresses is closed: a work address comes from HR's
    records (the import), and one added by whoever holds a session would receive the next password reset."""
    raise Http404("Email addresses are managed by HR.")
