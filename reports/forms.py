from typing import cast

from django import forms

from org.access import scope, visible_departments
from org.models import Employee
from reports.models import Initiative


class InitiativeForm(forms.ModelForm):
    """Only departments and owners within the person's scope can be chosen."""

    class Meta:
        model = Initiative
        fields = ["department", "area", "description", "owner", "target_date", "status"]
        widgets = {
            "target_date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = visible_departments(user)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = scope(
            Employee.objects.active(), user
        ).select_related("department")
