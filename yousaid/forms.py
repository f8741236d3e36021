from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from org.access import visible_departments
from org.models import Department, ServicePoint
from yousaid.models import FeedbackAction
from yousaid.services import ActionText

TEXT_LIMIT = 1000  # what fits one card of the public page


def _textarea(language: str) -> forms.Textarea:
    # lang tells screen readers and spell checkers which language each box is written in.
    return forms.Textarea(attrs={"rows": 3, "lang": language, "maxlength": TEXT_LIMIT})


class ServicePointField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: ServicePoint) -> str:
        return f"{obj.department.name}: {obj.name}"


class ActionForm(forms.ModelForm):  # type: ignore[type-arg]
    """A head's action: only their departments and those departments' service points can be chosen."""

    class Meta:
        model = FeedbackAction
        fields = ["department", "service_point", "changed_on", "you_said_en", "we_did_en", "you_said_es", "we_did_es"]
        field_classes = {"service_point": ServicePointField}
        labels = {
            "you_said_en": _("What residents said (English)"),
            "we_did_en": _("What we changed (English)"),
            "you_said_es": _("What residents said (Spanish)"),
            "we_did_es": _("What we changed (Spanish)"),
        }
        help_texts = {
            "you_said_en": _("In a sentence or two, as residents would recognise it."),
            "we_did_en": _("What is different now, in plain words."),
            "you_said_es": _("Optional: until it is given, Spanish readers see the English."),
            "we_did_es": _("Optional: until it is given, Spanish readers see the English."),
        }
        widgets = {
            "changed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "you_said_en": _textarea("en"),
            "we_did_en": _textarea("en"),
            "you_said_es": _textarea("es"),
            "we_did_es": _textarea("es"),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = visible_departments(user).filter(active=True)
        department = cast("forms.ModelChoiceField[Department]", self.fields["department"])
        department.queryset = departments
        point = cast("forms.ModelChoiceField[ServicePoint]", self.fields["service_point"])
        point.queryset = ServicePoint.objects.filter(department__in=departments, active=True).select_related(
            "department"
        )
        point.empty_label = _("None: the whole department")
        for name in ("you_said_en", "we_did_en"):
            self.fields[name].required = True
        for name in ("you_said_en", "we_did_en", "you_said_es", "we_did_es"):
            cast(forms.CharField, self.fields[name]).max_length = TEXT_LIMIT

    def action_text(self) -> ActionText:
        data = self.cleaned_data
        return ActionText(
            department=data["department"],
            service_point=data["service_point"],
            changed_on=data["changed_on"],
            you_said_en=data["you_said_en"],
            we_did_en=data["we_did_en"],
            you_said_es=data.get("you_said_es") or "",
            we_did_es=data.get("we_did_es") or "",
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("return", _("Return for changes"))],
        error_messages={"required": _("Choose whether to publish the action or return it.")},
    )
    note = forms.CharField(
        label=_("Note to the head"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to return the action: say what to change."),
    )
