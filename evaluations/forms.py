"""Forms for the evaluation steps (one field set per frozen criterion) and for HR's set-up pages."""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from evaluations.models import (
    Criterion,
    Cycle,
    MeritRule,
    PayPlan,
    RatingBand,
    SignerRole,
    Template,
    per_language,
)
from org.models import Department, Employee, JobClass

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]


class BothLanguagesForm(forms.ModelForm):
    """A form whose translated texts (evaluations/translation.py) HR types in each language side by side, e.g.
    `name_en` and `name_es`: the English one as required as the model's own field, the others optional (an
    empty one shows the English)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        for original, localized in translator.get_options_for_model(model).all_fields.items():
            own = model._meta.get_field(original)
            for field in localized:
                if field.name in self.fields:
                    language = get_language_info(field.language)["name_translated"]
                    form_field = self.fields[field.name]
                    form_field.label = _("%(text)s (%(language)s)") % {
                        "text": capfirst(own.verbose_name),
                        "language": language,
                    }
                    default = field.language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE
                    form_field.required = default and not own.blank
                    if not default:
                        form_field.help_text = _("Left empty, staff reading in this language see the English.")


def rating_field(*, required: bool, label: "StrOrPromise") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=RATING_CHOICES,
        coerce=int,
        required=required,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        empty_value=None,
    )


class PerCriterionForm(forms.Form):
    """A form with fields named `<prefix>_<score id>` for each criterion of the evaluation."""

    def __init__(self, *args, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.scores = list(scores)
        for score in self.scores:
            self.add_criterion_fields(score)

    def add_criterion_fields(self, score):  # pragma: no cover - each subclass says which fields
        raise NotImplementedError

    def per_score(self, prefix: str) -> dict[int, Any]:
        """The cleaned value of each score's `<prefix>_` field, by score id (its type is the field's)."""
        return {score.pk: self.cleaned_data.get(f"{prefix}_{score.pk}") for score in self.scores}

    def rows(self):
        """(score, its bound fields) pairs, for templates that lay the fields beside each criterion."""
        for score in self.scores:
            yield score, [self[name] for name in self.fields if name.endswith(f"_{score.pk}")]


class RatingForm(PerCriterionForm):
    evaluator_comment = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def add_criterion_fields(self, score):
        self.fields[f"rating_{score.pk}"] = rating_field(required=False, label=_("Rating"))
        self.fields[f"note_{score.pk}"] = forms.CharField(
            label=_("Examples and notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )


class SelfEvaluationForm(PerCriterionForm):
    assessment = forms.CharField(
        label=_("Your own view of the year"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def add_criterion_fields(self, score):
        self.fields[f"self_{score.pk}"] = rating_field(required=True, label=_("Your rating"))


class ReviewForm(PerCriterionForm):
    reviewer_comment = forms.CharField(
        label=_("Review comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def add_criterion_fields(self, score):
        self.fields[f"final_{score.pk}"] = forms.TypedChoiceField(
            label=_("Final rating"), choices=RATING_CHOICES, coerce=int, initial=score.final_rating
        )
        self.fields[f"reason_{score.pk}"] = forms.CharField(
            label=_("Reason, if you change it"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )

    def changes(self) -> dict[int, tuple[int, str]]:
        reasons = self.per_score("reason")
        return {pk: (rating, reasons[pk] or "") for pk, rating in self.per_score("final").items()}


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    comment = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CycleForm(BothLanguagesForm):
    class Meta:
        model = Cycle
        fields = [
            *per_language("name"),
            "fiscal_year",
            "period_start",
            "period_end",
            "self_evaluation_due",
            "ratings_due",
            "review_due",
            "final_due",
            "min_customer_service_weight",
        ]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in ("period_start", "period_end", "self_evaluation_due", "ratings_due", "review_due", "final_due")
        }


BandFormSet = inlineformset_factory(
    Cycle, RatingBand, form=BothLanguagesForm, fields=[*per_language("name"), "low", "high"], extra=2, can_delete=True
)


class OpenCycleForm(forms.Form):
    # quoted: the field class is generic in django-stubs only
    departments: "forms.ModelMultipleChoiceField[Department]" = forms.ModelMultipleChoiceField(
        label=_("Departments (with every division below them)"),
        queryset=Department.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    employees = forms.ModelMultipleChoiceField(
        label=_("Only these employees (optional)"),
        queryset=Employee.objects.active().select_related("department"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave empty for everyone in the departments above."),
    )
    default_template = forms.ModelChoiceField(
        label=_("Template for employees no other template fits"),
        queryset=Template.objects.filter(active=True),
        required=False,
    )


class TemplateForm(forms.ModelForm):
    """A template's own fields. A job class may be linked to one active template only, so that which template an
    employee of that class gets never depends on the order of names."""

    class Meta:
        model = Template
        fields = ["name", "description", "job_classes", "departments", "job_titles", "active"]
        widgets = {
            "job_classes": forms.SelectMultiple(attrs={"size": 6}),
            "departments": forms.SelectMultiple(attrs={"size": 6}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        job_classes = cast("forms.ModelMultipleChoiceField[JobClass]", self.fields["job_classes"])
        linked = Q(pk__in=self.instance.job_classes.values("pk")) if self.instance.pk else Q()
        job_classes.queryset = JobClass.objects.filter(Q(active=True) | linked)  # a retired class stays until unlinked

    def clean(self):
        cleaned = super().clean() or {}
        others = Template.objects.filter(active=True).exclude(pk=self.instance.pk)
        chosen = cleaned.get("job_classes") if cleaned.get("active") else None
        for job_class in chosen or []:
            if other := others.filter(job_classes=job_class).first():
                self.add_error(
                    "job_classes",
                    _("“%(job_class)s” is already evaluated with “%(template)s”; unlink it there first.")
                    % {"job_class": job_class.title, "template": other.name},
                )
        return cleaned


CriterionFormSet = inlineformset_factory(
    Template,
    Criterion,
    form=BothLanguagesForm,
    fields=[
        *per_language("name", "description"),
        "weight",
        "is_customer_service",
        "is_critical",
        *Criterion.ANCHOR_FIELDS,
        "order",
    ],
    widgets={
        name: forms.Textarea(attrs={"rows": 2}) for name in (*per_language("description"), *Criterion.ANCHOR_FIELDS)
    },
    extra=1,
    can_delete=True,
)


class CertifyForm(forms.Form):
    """A head signs online (role and confirmation); HR staff record a paper statement with its particulars.
    The service decides which particulars a signature needs and checks the document."""

    signer_role = forms.ChoiceField(
        label=_("Signing as"), choices=SignerRole.choices, initial=SignerRole.DEPARTMENT_HEAD
    )
    signer_name = forms.CharField(
        label=_("Name of the person who signed on paper"),
        required=False,
        max_length=200,
        help_text=_("HR staff only: record a statement signed on paper by the head or an elected official."),
    )
    signer_office = forms.CharField(
        label=_("Office held"),
        required=False,
        max_length=200,
        help_text=_("For an elected official, e.g. County Commissioner, District 3."),
    )
    signed_on = forms.DateField(
        label=_("Date signed"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    document = forms.FileField(
        label=_("Signed statement"),
        required=False,
        help_text=_("A scan or photo of the signed page: PDF, PNG or JPEG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    confirm = forms.BooleanField(label=_("I have read the statement above and sign it (or record it as signed)."))


class PayPlanForm(forms.ModelForm):
    class Meta:
        model = PayPlan
        fields = [
            "atb_percent",
            "atb_minimum_score",
            "merit_kind",
            "step_percent",
            "zone_low",
            "zone_high",
            "lump_sum_kind",
            "lump_sum_basis",
            "cap_percent",
            "budget_pool",
        ]


class MeritRuleForm(forms.ModelForm):
    """One band's row of the table: the column headers say what each input is, so the inputs carry their label
    for screen readers instead of repeating it in every cell."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.widget.attrs.update({"class": "form-control form-control-sm", "aria-label": str(field.label)})


MeritRuleFormSet = inlineformset_factory(
    PayPlan,
    MeritRule,
    form=MeritRuleForm,
    fields=["band", "steps", "below_zone_percent", "in_zone_percent", "above_zone_percent", *MeritRule.LUMP_SUM_FIELDS],
    extra=0,
    can_delete=True,
)
