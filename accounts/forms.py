"""The form a program admin gives roles with."""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from org.models import Department
from org.roles import Role, role_label

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
