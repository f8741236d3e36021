"""Pages of accounts: importing staff from the HR system (program admins and HR), and accepting an invitation."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts import audit
from accounts.forms import ImportForm
from accounts.importing import apply_upload, invitations_wanted, live_uploads, preview_import, store_upload
from accounts.importing.plan import Entry, Plan
from accounts.models import AuditAction, ImportKind, StaffUpload
from org.access import RoleRequiredMixin
from org.roles import Role
from serviceculture.errors import reported

IMPORTERS = (Role.PROGRAM_ADMIN, Role.HR)
SHOWN = 100  # entries of each section a preview lists; the rest is "and N more"


class ImportUploadView(RoleRequiredMixin, FormView):  # type: ignore[type-arg]
    allowed_roles = IMPORTERS
    form_class = ImportForm
    template_name = "accounts/import_upload.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(sso_enabled=not invitations_wanted(), **kwargs)

    def form_valid(self, form: ImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        content = upload.read()
        kind = form.cleaned_data["kind"]
        try:
            # A file that cannot be read at all is refused here, next to the field, before it is kept.
            preview_import(kind=kind, content=content, deactivate_absent=False)
            stored = store_upload(
                kind=kind,
                filename=upload.name or "",
                content=content,
                deactivate_absent=form.cleaned_data["deactivate_absent"],
                by=self.request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return redirect("accounts:import_preview", token=stored.token)

    def form_invalid(self, form: ImportForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _section(entries: list[Entry]) -> dict[str, Any]:
    return {"entries": entries[:SHOWN], "more": max(len(entries) - SHOWN, 0), "count": len(entries)}


class ImportPreviewView(RoleRequiredMixin, TemplateView):
    """What the uploaded file would do; nothing is written until the person confirms."""

    allowed_roles = IMPORTERS
    template_name = "accounts/import_preview.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        upload = get_object_or_404(live_uploads(by=request.user), token=kwargs["token"])  # type: ignore[arg-type]
        if upload.applied_at is not None:
            messages.info(request, _("This file has been imported."))
            return redirect("accounts:import_upload")
        try:
            plan = preview_import(
                kind=upload.kind, content=bytes(upload.content), deactivate_absent=upload.deactivate_absent
            )
        except ValidationError as error:
            return self.render_to_response({"upload": upload, "file_errors": error.messages}, status=400)
        return self.render_to_response(self.preview_context(upload, plan))

    @staticmethod
    def preview_context(upload: StaffUpload, plan: Plan) -> dict[str, Any]:
        return {
            "upload": upload,
            "plan": plan,
            "counts": plan.counts(),
            "is_employees": upload.kind == ImportKind.EMPLOYEES,
            "errors": plan.errors[: SHOWN * 2],
            "more_errors": max(len(plan.errors) - SHOWN * 2, 0),
            "create": _section(plan.create),
            "change": _section(plan.change),
            "deactivate": _section(plan.deactivate),
            "accounts_create": _section(plan.accounts_create),
            "accounts_change": _section(plan.accounts_change),
            "fingerprint": plan.fingerprint(),
        }


class ImportApplyView(RoleRequiredMixin, View):
    """Apply exactly what was previewed: the plan is computed again and must match the preview's fingerprint."""

    allowed_roles = IMPORTERS

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        upload = get_object_or_404(live_uploads(by=request.user), token=kwargs["token"])  # type: ignore[arg-type]
        fingerprint = request.POST.get("fingerprint", "")[:64]
        with reported(request) as outcome:
            plan = apply_upload(upload=upload, fingerprint=fingerprint, by=request.user)  # type: ignore[arg-type]
        if not outcome.ok:
            return redirect("accounts:import_preview", token=upload.token)
        counts = plan.counts()
        messages.success(
            request,
            _(
                "Imported: %(created)s created, %(changed)s changed, %(deactivated)s deactivated, "
                "%(accounts_created)s accounts created, %(invitations)s invitations to send."
            )
            % counts,
        )
        return redirect("accounts:import_upload")


class InvitationView(PasswordResetConfirmView):
    """The link of an invitation: choose a password (the validators apply) and be signed in. Django's reset
    view does the work: the token leaves the address bar before the form shows, and it stops working once the
    password is set."""

    template_name = "accounts/invitation.html"
    success_url = reverse_lazy("home")
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def get_user(self, uidb64: str) -> User | None:
        user = super().get_user(uidb64)
        # A leaver's old invitation must not bring back an account the import switched off.
        return user if user is not None and user.is_active else None

    def form_valid(self, form: "SetPasswordForm[User]") -> HttpResponse:
        response = super().form_valid(form)
        audit.record(AuditAction.PASSWORD_CHANGED, by=self.user, summary="password chosen from an invitation")
        return response
