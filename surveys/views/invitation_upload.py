"""The page where an office without an integration uploads its transactions as a CSV file to invite residents
(surveys/services/invitation_upload.py holds the rules). Checking shows each row or each error by line; sending
checks again and sends all or nothing. The file is never stored."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from org.access import RoleRequiredMixin
from org.models import Channel
from serviceculture.errors import add_to_form
from serviceculture.types import SignedInRequest
from surveys.services.invitation_upload import MAX_ROWS, read_invitations, send_invitations
from surveys.services.invitations import INVITED, RECENTLY_INVITED, SAMPLED_OUT
from surveys.views.common import INBOX_ROLES, active_service_points

MAX_BYTES = 2 * 1024 * 1024


class InvitationUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("Columns: service_point, channel, email, language. At most %(rows)s rows.")
        % {"rows": MAX_ROWS},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB: split it into several."))
        return upload


class InvitationUploadView(RoleRequiredMixin, FormView):
    request: SignedInRequest
    allowed_roles = INBOX_ROLES
    form_class = InvitationUploadForm
    template_name = "surveys/invitation_upload.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            service_points=active_service_points(self.request.user).order_by("department__name", "name"),
            channels=Channel.values,
            **kwargs,
        )

    def form_valid(self, form):
        check = read_invitations(form.cleaned_data["file"].read(), by=self.request.user)
        if "send" not in self.request.POST or not check.is_valid:
            return self.render_to_response(self.get_context_data(form=form, check=check, checked=True))
        try:
            outcomes = send_invitations(check, by=self.request.user)
        except ValidationError as error:
            add_to_form(error, form)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "%(rows)s rows read: %(invited)s residents invited, %(sampled)s left out by sampling, %(recent)s "
                "invited recently already. The file was not kept."
            )
            % {
                "rows": sum(outcomes.values()),
                "invited": outcomes[INVITED],
                "sampled": outcomes[SAMPLED_OUT],
                "recent": outcomes[RECENTLY_INVITED],
            },
        )
        return redirect("surveys:invitation_upload")
