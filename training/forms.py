from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from org.models import Department, Employee
from training.models import CommitmentOutcome, Module, ModuleVersion, Session

LINES_HELP = _("One per line.")


class LinesField(forms.CharField):
    """A list of short texts edited as a textarea, one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ModuleForm(forms.Form):
    slug = forms.SlugField(label=_("Short name for links"), max_length=80, help_text=_("Letters, numbers and dashes."))
    title = forms.CharField(label=_("Title"), max_length=200)
    theme = forms.CharField(label=_("Theme"), max_length=200)
    audience = forms.CharField(label=_("Audience"), max_length=200, required=False)
    duration_minutes = forms.IntegerField(label=_("Duration in minutes"), min_value=5, max_value=480, initial=20)
    objectives = LinesField(label=_("Learning objectives"), help_text=LINES_HELP)
    objectives_minutes = forms.IntegerField(label=_("Minutes for the objectives"), min_value=0, initial=2)
    exercise = forms.CharField(
        label=_("Interactive exercise"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    exercise_minutes = forms.IntegerField(label=_("Minutes for the exercise"), min_value=0, initial=5)
    tips = LinesField(label=_("Tips (your agency's service behaviours)"), help_text=LINES_HELP, required=False)
    wrap_up_questions = LinesField(label=_("Wrap-up questions"), help_text=LINES_HELP)
    wrap_up_minutes = forms.IntegerField(label=_("Minutes for the wrap-up"), min_value=0, initial=3)
    commitment_prompt = forms.CharField(
        label=_("Commitment prompt"), max_length=300, initial=_("One thing I will do to improve my service:")
    )
    closing = forms.CharField(label=_("Closing"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    word_prompt = forms.CharField(
        label=_("Word exercise for workshops"),
        max_length=300,
        required=False,
        help_text=_("Participants answer it with a good word and a bad word, e.g. What does 'bureaucrat' mean to you?"),
    )
    attribution = forms.CharField(label=_("Adapted from"), max_length=300, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Module.objects.filter(slug=slug).exists():
            raise ValidationError(_("Another module already uses this short name."))
        return slug

    def content(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "slug"}


class TalkingPointForm(forms.Form):
    say = forms.CharField(label=_("What to say"), widget=forms.Textarea(attrs={"rows": 2}))
    question = forms.CharField(label=_("Question for the group"), required=False)
    notes = forms.CharField(label=_("Facilitator notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=120)


TalkingPointFormSet = forms.formset_factory(TalkingPointForm, extra=1, can_delete=True, min_num=1, validate_min=True)


def talking_points_of(formset) -> list[dict]:
    return [
        {key: form.cleaned_data[key] for key in ("say", "question", "notes", "minutes")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class SessionForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        min_value=5,
        max_value=480,
        required=False,
        help_text=_("Leave empty to use the module's duration."),
    )
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    class Meta:
        model = Session
        fields = [
            "module_version",
            "facilitator",
            "starts_at",
            "duration_minutes",
            "location",
            "video_link",
            "capacity",
            "invited_departments",
            "reflection_prompt",
        ]
        widgets = {"invited_departments": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        module_versions = cast(forms.ModelChoiceField, self.fields["module_version"])
        module_versions.queryset = ModuleVersion.objects.current().order_by("title")
        facilitators = cast(forms.ModelChoiceField, self.fields["facilitator"])
        facilitators.queryset = Employee.objects.filter(active=True).select_related("department")
        departments = cast(forms.ModelMultipleChoiceField, self.fields["invited_departments"])
        departments.queryset = Department.objects.active().order_by("path")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not data.get("location") and not data.get("video_link"):
            raise ValidationError(_("Give a location or a video link."))
        return data


class RosterAddForm(forms.Form):
    # Quoted: Django's form fields are generic only in the stubs, and a class body's annotation runs.
    departments: "forms.ModelMultipleChoiceField[Department]" = forms.ModelMultipleChoiceField(
        label=_("Everyone in these departments (and their divisions)"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    employee = forms.ModelChoiceField(label=_("Or one person"), queryset=Employee.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = cast(forms.ModelMultipleChoiceField, self.fields["departments"])
        departments.queryset = Department.objects.active().order_by("path")
        employees = cast(forms.ModelChoiceField, self.fields["employee"])
        employees.queryset = Employee.objects.filter(active=True).select_related("department")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not data.get("departments") and not data.get("employee"):
            raise ValidationError(_("Choose departments or a person to add."))
        return data


RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]


class FeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("How useful was the session? (1 not at all, 5 very)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    facilitator_rating = forms.TypedChoiceField(
        label=_("How well did the facilitator run it? (1 poorly, 5 very well)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else? (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class WrapUpForm(forms.Form):
    """The wrap-up questions of a module version, an optional reflection prompt, and a commitment."""

    def __init__(self, *args, version: ModuleVersion, reflection_prompt: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        for index, question in enumerate(version.wrap_up_questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
            )
        if reflection_prompt:
            self.fields["reflection"] = forms.CharField(
                label=reflection_prompt, widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=3000
            )
        self.fields["commitment"] = forms.CharField(
            label=version.commitment_prompt,
            widget=forms.Textarea(attrs={"rows": 2}),
            max_length=1000,
        )
        self.question_count = len(version.wrap_up_questions)

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"answer_{index}", "") for index in range(self.question_count)]


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did it go?"),
        choices=[choice for choice in CommitmentOutcome.choices if choice[0] != CommitmentOutcome.PENDING],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("A note (what helped, what got in the way)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def prompt_fields(prompts, data, errors) -> list[dict]:
    """The workshop prompts as the form shows them (templates/training/workshop/_prompts.html): each input's
    name, label, what was typed and its error. A word exercise has two inputs, the good word and the bad word."""
    sides = (("good", _("A good word")), ("bad", _("A bad word")))
    fields = []
    for prompt in prompts:
        if prompt.kind == "words":
            names = [(f"{prompt.key}-{side}", label) for side, label in sides]
        else:
            names = [(prompt.key, prompt.text)]
        inputs = [
            {"name": name, "label": label, "value": data.get(name, ""), "error": errors.get(name, "")}
            for name, label in names
        ]
        fields.append({"prompt": prompt, "inputs": inputs})
    return fields
