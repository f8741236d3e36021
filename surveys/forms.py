"""Staff forms: the survey builder, links, triage. The resident's form is read by surveys/submission.py."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from org.models import Employee, ServicePoint
from surveys.models import (
    CHOICE_KINDS,
    AlertDelivery,
    AlertKind,
    LinkKind,
    Question,
    Response,
    ResponseStatus,
    Survey,
    Tag,
    Theme,
    TriageAction,
)
from surveys.services.builder import survey_has_responses
from surveys.services.links import MAX_LINKS_PER_BATCH

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def require_both_languages(form: forms.ModelForm, names: tuple[str, ...]) -> None:
    """Residents read the form in English or Spanish, so a text given in one language is needed in the other."""
    messages = {
        "es": _("Give the Spanish text too: residents may read the form in Spanish."),
        "en": _("Give the English text too: residents may read the form in English."),
    }
    for name in names:
        given = {language: bool(form.cleaned_data.get(f"{name}_{language}")) for language in messages}
        for language, message in messages.items():
            if any(given.values()) and not given[language]:
                form.add_error(f"{name}_{language}", message)


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title_en",
            "title_es",
            "introduction_en",
            "introduction_es",
            "privacy_notice_en",
            "privacy_notice_es",
            "thank_you_en",
            "thank_you_es",
            "audience",
            "status",
            "opens_on",
            "closes_on",
            "omb_control_number",
            "omb_expires_on",
        ]
        widgets = {
            "opens_on": DATE_INPUT,
            "closes_on": DATE_INPUT,
            "omb_expires_on": DATE_INPUT,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "introduction_en",
                    "introduction_es",
                    "privacy_notice_en",
                    "privacy_notice_es",
                    "thank_you_en",
                    "thank_you_es",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Residents read every one of these texts, so both languages are required where English is.
        for name in ("title_en", "title_es"):
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        require_both_languages(self, ("introduction", "privacy_notice", "thank_you"))
        return cleaned


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For choice questions, one option a line: value | English | Spanish, e.g. "
            "“ease | It was easy | Fue fácil”. The value is what exports show; keep it once answers exist."
        ),
    )

    class Meta:
        model = Question
        fields = ["kind", "text_en", "text_es", "help_text_en", "help_text_es", "required", "driver", "char_limit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text_en"].required = self.fields["text_es"].required = True
        cast(forms.IntegerField, self.fields["char_limit"]).min_value = 1
        if self.instance.pk and survey_has_responses(self.instance.survey):
            # A disabled field keeps the stored kind whatever is posted; the service enforces it too.
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("This survey has responses, so the kind cannot change.")
        self.initial.setdefault(
            "options_text",
            "\n".join(f"{o['value']} | {o.get('en', '')} | {o.get('es', '')}" for o in self.instance.options),
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        require_both_languages(self, ("help_text",))
        options = self._parse_options(cleaned.get("options_text", ""))
        if cleaned.get("kind") in CHOICE_KINDS and len(options) < 2:
            self.add_error("options_text", _("A choice question needs at least two options."))
        cleaned["options"] = options if cleaned.get("kind") in CHOICE_KINDS else []
        return cleaned

    def question_fields(self) -> dict[str, Any]:
        """The question as the builder typed it, for the service: the model's fields, with the options parsed.
        A disabled kind (the survey has responses) is the stored one."""
        return {name: self.cleaned_data[name] for name in (*self.Meta.fields, "options")}

    def _parse_options(self, text: str) -> list[dict]:
        options, seen = [], set()
        for number, line in enumerate(filter(None, map(str.strip, text.splitlines())), start=1):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or not all(parts):
                raise ValidationError(
                    {
                        "options_text": _("Line %(n)s needs a value, an English and a Spanish label separated by “|”.")
                        % {"n": number}
                    }
                )
            if parts[0] in seen:
                raise ValidationError({"options_text": _("The value “%(v)s” is used twice.") % {"v": parts[0]}})
            seen.add(parts[0])
            options.append({"value": parts[0], "en": parts[1], "es": parts[2]})
        return options


class LinkForm(forms.Form):
    service_point: "forms.ModelChoiceField[ServicePoint]" = forms.ModelChoiceField(
        label=_("Service point"), queryset=ServicePoint.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=LinkKind.choices, initial=LinkKind.OPEN)
    count = forms.IntegerField(
        label=_("How many"),
        min_value=1,
        max_value=MAX_LINKS_PER_BATCH,
        initial=1,
        help_text=_("Single-use links come as a CSV file for a mail merge; open links are one per poster."),
    )
    label = forms.CharField(label=_("Label (for staff)"), max_length=100, required=False)

    def __init__(self, *args, service_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["service_point"]).queryset = (
            service_points if service_points is not None else ServicePoint.objects.none()
        )


BULK_ACTIONS = [
    ("status", _("Set status to")),
    (TriageAction.FLAG, _("Flag")),
    (TriageAction.UNFLAG, _("Remove flag")),
    (TriageAction.SPAM, _("Mark as spam")),
    (TriageAction.NOT_SPAM, _("Not spam")),
    (TriageAction.ARCHIVE, _("Archive")),
    (TriageAction.UNARCHIVE, _("Restore from archive")),
    ("tag", _("Add tag")),
    (TriageAction.DELETE, _("Delete")),
]


class TriageForm(forms.Form):
    selection: "forms.ModelMultipleChoiceField[Response]" = forms.ModelMultipleChoiceField(
        label=_("Responses"), queryset=None
    )
    action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS)
    status = forms.ChoiceField(label=_("Status"), choices=[("", "—"), *ResponseStatus.choices], required=False)
    tag = forms.CharField(label=_("Tag"), max_length=50, required=False)

    def __init__(self, *args, responses, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["selection"]).queryset = responses

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("action") == "status" and not cleaned.get("status"):
            self.add_error("status", _("Choose the new status."))
        if cleaned.get("action") == "tag" and not cleaned.get("tag", "").strip():
            self.add_error("tag", _("Type the tag to add."))
        return cleaned


class RemoveTagForm(forms.Form):
    tag = forms.ModelChoiceField(queryset=Tag.objects.all())


class ComplimentDecisionForm(forms.Form):
    employee = forms.ModelChoiceField(
        label=_("Who was meant"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=_("No one we can identify (reject)"),
    )

    def __init__(self, *args, employees, fits: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["employee"]).queryset = employees
        self.fits = fits  # how many of them the typed name fits (surveys/compliments.py)
        if fits:  # the note saying whom the name fits describes the list (response_detail.html)
            self.fields["employee"].widget.attrs["aria-describedby"] = "compliment-namesakes"


class FollowUpForm(forms.Form):
    """What was done for a resident who asked to be contacted, and the response's status after it."""

    note = forms.CharField(
        label=_("What was done"),
        max_length=200,
        help_text=_("For example: called back, explained the bill, refund on its way. Kept on the history."),
        widget=forms.TextInput,
    )
    status = forms.ChoiceField(label=_("Status"), choices=ResponseStatus.choices)


class AlertSettingsForm(forms.Form):
    """A person's alerts: one choice per kind they may ask for, their watched words, the emails' language."""

    watched_words = forms.CharField(
        label=_("Watched words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One word or phrase per line. Case and accents do not matter; only whole words match."),
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"),
        choices=settings.LANGUAGES,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, kinds: list[AlertKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in reversed(kinds):
            field = forms.ChoiceField(label=kind.label, choices=AlertDelivery.choices, widget=forms.RadioSelect)
            self.fields = {kind.value: field, **self.fields}

    def deliveries(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data[kind.value] for kind in self.kinds}


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name_en", "name_es", "words_en", "words_es"]
        labels = {"name_en": _("Name in English"), "name_es": _("Name in Spanish")}
        widgets = {"words_en": forms.Textarea(attrs={"rows": 4}), "words_es": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_en"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        require_both_languages(self, ("name",))
        return cleaned
