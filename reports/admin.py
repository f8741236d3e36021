from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from reports.models import (
    EvaluationMetric,
    Initiative,
    MetricsLock,
    MetricsRun,
    ReportedFigure,
    ServedVolume,
    StandardCompliance,
    SurveyDriverDay,
    SurveyMetricDay,
    TrainingMetricMonth,
)
from reports.services import break_lock


@admin.register(MetricsRun)
class MetricsRunAdmin(admin.ModelAdmin):
    """The run log: read-only, since only the job writes it."""

    list_display = ("started_at", "finished_at", "status", "full", "since", "days", "rows", "error_summary")
    list_filter = ("status", "full")
    date_hierarchy = "started_at"
    readonly_fields = ("started_at", "finished_at", "status", "full", "since", "days", "rows", "error")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("why it ended"))
    def error_summary(self, run: MetricsRun) -> str:
        """The reason a run was killed or skipped, or the last line of a failure's traceback."""
        lines = run.error.strip().splitlines()
        return lines[-1] if lines else ""


@admin.register(MetricsLock)
class MetricsLockAdmin(admin.ModelAdmin):
    """Who holds the metrics lease and until when. Deleting a row frees a lease left by a killed run at once."""

    list_display = ("name", "holder", "host", "pid", "taken_at", "expires_at")
    readonly_fields = ("name", "holder", "host", "pid", "taken_at", "expires_at")

    def has_add_permission(self, request):
        return False

    # "Deleting" frees the lease through the service, which also marks the run that held it as killed.
    def delete_model(self, request, obj):
        break_lock(by=request.user)

    def delete_queryset(self, request, queryset):
        break_lock(by=request.user)


class ReportTableAdmin(admin.ModelAdmin):
    """Report tables are rebuilt by the job: admins may look, never edit."""

    list_select_related = True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SurveyMetricDay)
class SurveyMetricDayAdmin(ReportTableAdmin):
    list_display = (
        "day",
        "department",
        "service_point",
        "channel",
        "survey",
        "responses",
        "link_views",
        "follow_ups",
        "follow_ups_waiting",
        "compliments",
    )
    list_filter = ("channel", "department")
    date_hierarchy = "day"


@admin.register(SurveyDriverDay)
class SurveyDriverDayAdmin(ReportTableAdmin):
    list_display = (
        "day",
        "department",
        "service_point",
        "survey",
        "driver",
        "answers",
        "satisfied",
        "scored",
        "score_sum",
    )
    list_filter = ("driver", "department")
    date_hierarchy = "day"


@admin.register(TrainingMetricMonth)
class TrainingMetricMonthAdmin(ReportTableAdmin):
    list_display = (
        "month",
        "department",
        "sessions_held",
        "attendances",
        "employees_trained",
        "employees_trained_12m",
        "training_hours",
        "headcount",
        "commitments_made",
        "commitments_kept",
        "commitments_overdue",
        "ambassadors_certified",
    )
    list_filter = ("department",)
    date_hierarchy = "month"


@admin.register(EvaluationMetric)
class EvaluationMetricAdmin(ReportTableAdmin):
    list_display = ("cycle", "department", "evaluations", "settled", "scored", "certified")
    list_filter = ("cycle", "certified")


@admin.register(StandardCompliance)
class StandardComplianceAdmin(ReportTableAdmin):
    list_display = ("quarter", "standard", "measured", "target", "met", "answers")
    list_filter = ("quarter", "met")
    search_fields = ("standard__title",)


@admin.register(ReportedFigure)
class ReportedFigureAdmin(admin.ModelAdmin):
    list_display = ("quarter", "standard", "value", "note", "updated_at")
    list_filter = ("quarter",)
    search_fields = ("standard__title", "standard__department__name")
    autocomplete_fields = ("standard",)
    list_select_related = ("standard",)


@admin.register(ServedVolume)
class ServedVolumeAdmin(admin.ModelAdmin):
    list_display = ("quarter", "service_point", "total_volume", "surveys_offered", "updated_at")
    list_filter = ("quarter",)
    search_fields = ("service_point__name", "service_point__department__name")
    autocomplete_fields = ("service_point",)
    list_select_related = ("service_point",)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("department", "area", "owner", "target_date", "status", "updated_by", "updated_at")
    readonly_fields = ("updated_by", "updated_at")
    list_filter = ("area", "status", "department")
    search_fields = ("description", "department__name")
    autocomplete_fields = ("department", "owner")
    list_select_related = ("department", "owner", "updated_by")
