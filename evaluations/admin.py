from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from evaluations.forms import TemplateForm
from evaluations.models import (
    Award,
    Certification,
    Criterion,
    Cycle,
    Evaluation,
    EvaluationScore,
    MeritRule,
    PayPlan,
    RatingBand,
    Template,
)
from serviceculture.admin import TabbedTranslationAdmin, TabbedTranslationMedia


class RatingBandInline(TranslationTabularInline):
    model = RatingBand
    extra = 0


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    """The cycle's and its bands' names in English and Spanish; a band's English name is the key evaluations
    store, so renaming it in Spanish changes only what Spanish readers see."""

    list_display = ("name", "fiscal_year", "period_start", "period_end", "status", "min_customer_service_weight")
    list_filter = ("status", "fiscal_year")
    search_fields = ("name",)
    inlines = [RatingBandInline]


class CriterionInline(TranslationStackedInline):
    model = Criterion
    extra = 0


class TemplateAdminForm(TemplateForm):
    """HR's template form (a job class is linked to one active template only), with admin's own widgets."""

    class Meta(TemplateForm.Meta):
        widgets: dict = {}


@admin.register(Template)
class TemplateAdmin(SimpleHistoryAdmin):
    Media = TabbedTranslationMedia  # for the criteria's language tabs

    list_display = ("name", "active")
    list_filter = ("active",)
    search_fields = ("name", "job_titles")
    autocomplete_fields = ("job_classes", "departments")
    form = TemplateAdminForm
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ("name", "template", "weight", "is_customer_service", "is_critical", "order")
    list_filter = ("template", "is_customer_service", "is_critical")
    search_fields = ("name", "template__name")
    autocomplete_fields = ("template",)
    list_select_related = ("template",)


class EvaluationScoreInline(admin.TabularInline):
    model = EvaluationScore
    extra = 0
    fields = ("name", "weight", "is_customer_service", "is_critical", "initial_rating", "final_rating", "change_reason")
    readonly_fields = ("name", "weight", "is_customer_service", "is_critical")


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "cycle", "department", "evaluator", "status", "score", "band", "updated_at")
    list_filter = ("cycle", "status", "band")
    search_fields = ("employee__first_name", "employee__last_name", "employee__employee_number")
    autocomplete_fields = ("cycle", "employee", "department", "evaluator", "template")
    list_select_related = ("employee", "cycle", "department", "evaluator")
    inlines = [EvaluationScoreInline]


@admin.register(EvaluationScore)
class EvaluationScoreAdmin(SimpleHistoryAdmin):
    list_display = ("evaluation", "name", "weight", "initial_rating", "final_rating")
    search_fields = ("name", "evaluation__employee__last_name")
    autocomplete_fields = ("evaluation", "criterion")
    list_select_related = ("evaluation__employee", "evaluation__cycle")


@admin.register(Certification)
class CertificationAdmin(SimpleHistoryAdmin):
    list_display = ("department", "cycle", "signer_name", "signer_role", "signed_at", "withdrawn_at")
    list_filter = ("cycle", "signer_role")
    search_fields = ("department__name", "signer_name")
    autocomplete_fields = ("cycle", "department", "signer")
    list_select_related = ("department", "cycle")


class MeritRuleInline(admin.TabularInline):
    model = MeritRule
    extra = 0


@admin.register(PayPlan)
class PayPlanAdmin(SimpleHistoryAdmin):
    list_display = ("cycle", "atb_percent", "merit_kind", "cap_percent", "budget_pool", "computed_at", "approved_at")
    list_filter = ("merit_kind",)
    search_fields = ("cycle__name",)
    autocomplete_fields = ("cycle", "approved_by")
    inlines = [MeritRuleInline]


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "plan", "department", "atb_amount", "merit_amount", "lump_sum", "new_salary", "capped")
    list_filter = ("plan", "capped")
    search_fields = ("employee__first_name", "employee__last_name", "employee__employee_number")
    autocomplete_fields = ("plan", "employee", "evaluation", "department")
    list_select_related = ("employee", "department", "plan__cycle")
