"""Forms of accounts: the staff import upload, the roles a program admin gives, and the password-reset form:
django-allauth's, also finding people whose address differs from what they typed only in capitals.

Staff addresses come from HR exports as HR typed them ("Pat.Smith@County.gov"). allauth looks the address up in
its EmailAddress table (stored in lower case) and in User.email by exact match of the lower-cased text, so a
person with a mixed-case User.email and no EmailAddress row would never get their link.
"""

from typing import TYPE_CHECKING, Any, cast

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.models import ImportKind
from org.models import Department, ServicePoint
from org.roles import Role, role_label


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


if TYPE_CHECKING:
    _DepartmentsField = forms.ModelMultipleChoiceField[Department]
else:
    _DepartmentsField = forms.ModelMultipleChoiceField


class DepartmentChoice(_DepartmentsField):
    """A department with the representative it has now, so giving it away is never a surprise."""

    def label_from_instance(self, obj: Any) -> str:
        department = cast(Department, obj)
        indent = "\u2003" * max(department.depth, 0)
        rep = department.customer_relations_rep
        if rep is None:
            return f"{indent}{department.name}"
        return str(_("%(indent)s%(name)s (now: %(rep)s)") % {"indent": indent, "name": department.name, "rep": rep})


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label=_("Roles"), required=False, widget=forms.CheckboxSelectMultiple, choices=())
    represented = DepartmentChoice(
        label=_("Departments they represent"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For a customer relations representative: the follow-up emails of these departments and of those "
            "below them go to this person, who can open and answer them. A department has one representative."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["roles"]).choices = [
            (role.value, role_label(role)) for role in Role
        ]
        cast(DepartmentChoice, self.fields["represented"]).queryset = Department.objects.filter(
            active=True
        ).select_related("customer_relations_rep")

    def chosen_roles(self) -> set[Role]:
        return {Role(value) for value in self.cleaned_data["roles"]}


if TYPE_CHECKING:
    _ServicePointsField = forms.ModelMultipleChoiceField[ServicePoint]
else:
    _ServicePointsField = forms.ModelMultipleChoiceField


class ServicePointChoice(_ServicePointsField):
    """A service point named with its department: two departments may each have a "Front counter"."""

    def label_from_instance(self, obj: Any) -> str:
        point = cast(ServicePoint, obj)
        return f"{point.department.name}: {point}"


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("Which system will use it, e.g. “Permit system” or “311 desk”.")
    )
    service_points = ServicePointChoice(
        label=_("Service points"),
        queryset=ServicePoint.objects.filter(active=True).select_related("department"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The token may invite residents for these service points only."),
    )
    may_read_responses = forms.BooleanField(
        label=_("May read responses"),
        required=False,
        help_text=_("Residents' answers at these service points, without their contact details."),
    )
    may_read_contact_details = forms.BooleanField(
        label=_("May read contact details"),
        required=False,
        help_text=_("The name, email and phone residents gave when they asked to be contacted."),
    )
