"""Forms of accounts: the staff import upload, and the password-reset form: django-allauth's, also finding
people whose address differs from what they typed only in capitals.

Staff addresses come from HR exports as HR typed them ("Pat.Smith@County.gov"). allauth looks the address up in
its EmailAddress table (stored in lower case) and in User.email by exact match of the lower-cased text, so a
person with a mixed-case User.email and no EmailAddress row would never get their link.
"""

from typing import Any

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.models import ImportKind


class ResetPasswordForm(AllauthResetPasswordForm):
    def clean_email(self) -> str:
        email: str = super().clean_email()
        self.users: list[Any]
        if not self.users:
            self.users = list(get_user_model().objects.filter(email__iexact=email.strip(), is_active=True))
        return email


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices, initial=ImportKind.EMPLOYEES)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV or Excel (.xlsx) export from the HR or payroll system; the first row names the columns."),
    )
    deactivate_absent = forms.BooleanField(
        label=_("The file lists everyone: deactivate those who are not in it"),
        required=False,
        initial=True,
        help_text=_("Leave this ticked for a full export. Untick it to import only some people or departments."),
    )
