from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import ImportKind


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
