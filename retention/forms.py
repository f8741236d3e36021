"""The schedule form (one number per kind) and the form that places a legal hold."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from org.models import Department, ServicePoint
from retention.models import HoldTarget
from retention.schedule import LONGEST, RULES, UNIT_LABELS
from surveys.models import Response, Survey


class ScheduleForm(forms.Form):
    """One field per kind of record, in its unit, starting from the periods in force."""

    def __init__(self, *args, current: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, rule in RULES.items():
            self.fields[kind] = forms.IntegerField(
                label=rule.kind.label,
                min_value=1,
                max_value=LONGEST[rule.unit],
                initial=current[kind],
                help_text=_("%(unit)s; default %(default)s")
                % {"unit": UNIT_LABELS[rule.unit], "default": rule.default},
            )


class HoldForm(forms.Form):
    target = forms.ChoiceField(label=_("Hold"), choices=HoldTarget.choices)
    survey: forms.ModelChoiceField[Survey] = forms.ModelChoiceField(
        label=_("Survey"), queryset=Survey.objects.order_by("title"), required=False
    )
    service_point: forms.ModelChoiceField[ServicePoint] = forms.ModelChoiceField(
        label=_("Service point"),
        queryset=ServicePoint.objects.select_related("department").order_by("department__path", "name"),
        required=False,
    )
    department: forms.ModelChoiceField[Department] = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    response = forms.IntegerField(label=_("Response number"), min_value=1, required=False)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The case, request or audit the records are kept for."),
    )

    def clean(self):
        data = super().clean() or {}
        target = data.get("target")
        if target == HoldTarget.RESPONSE:
            number = data.get("response")
            response = Response.objects.filter(pk=number).first() if number else None
            if response is None:
                raise ValidationError({"response": _("Enter the number of an existing response.")})
            data["held"] = response
        elif target:
            chosen = data.get(target)
            if chosen is None:
                raise ValidationError({target: _("Choose what to hold.")})
            data["held"] = chosen
        return data
