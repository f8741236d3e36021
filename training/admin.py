from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from training.models import (
    Attendance,
    Certificate,
    Commitment,
    Module,
    ModuleCompletion,
    ModuleVersion,
    Program,
    ProgramModule,
    Reflection,
    Session,
    SessionFeedback,
)


class ModuleVersionInline(admin.TabularInline):
    model = ModuleVersion
    fields = ("number", "title", "status", "published_at", "published_by", "duration_minutes")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("slug", "created_at", "updated_at")
    search_fields = ("slug", "versions__title")
    inlines = [ModuleVersionInline]


@admin.register(ModuleVersion)
class ModuleVersionAdmin(admin.ModelAdmin):
    list_display = ("title", "module", "number", "status", "published_at", "published_by", "duration_minutes")
    list_filter = ("status",)
    search_fields = ("title", "theme", "module__slug")
    autocomplete_fields = ("module",)
    list_select_related = ("module", "published_by")

    def get_readonly_fields(self, request, obj=None):
        # A published version is frozen: sessions and completions point at exactly what it said.
        if obj is not None and obj.is_published:
            return [field.name for field in obj._meta.fields]
        return ("status", "published_at", "published_by", "edited_by")


class ProgramModuleInline(admin.TabularInline):
    model = ProgramModule
    autocomplete_fields = ("module",)
    extra = 1


@admin.register(Program)
class ProgramAdmin(TranslationAdmin):
    list_display = ("name", "renewal_months", "updated_at")
    search_fields = ("name",)
    inlines = [ProgramModuleInline]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = (
        "employee",
        "program",
        "issued_on",
        "expires_on",
        "withdrawn_at",
        "withdrawn_by",
        "verification_code",
    )
    list_filter = ("program", "issued_on", ("withdrawn_at", admin.EmptyFieldListFilter))
    search_fields = ("employee__first_name", "employee__last_name", "verification_code")
    autocomplete_fields = ("employee", "program")
    list_select_related = ("employee", "program", "withdrawn_by")
    readonly_fields = ("withdrawn_by",)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    autocomplete_fields = ("employee",)
    fields = ("employee", "status", "hours_credited", "checked_in_at", "self_checked_in", "recorded_by")
    readonly_fields = ("recorded_by",)
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "facilitator", "starts_at", "duration_minutes", "location", "capacity", "check_in_open")
    list_filter = ("check_in_open", "starts_at")
    search_fields = ("module_version__title", "location", "facilitator__last_name")
    autocomplete_fields = ("module_version", "facilitator", "invited_departments")
    list_select_related = ("module_version", "facilitator")
    readonly_fields = ("scheduled_by", "check_in_set_by")
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = (
        "employee",
        "session",
        "status",
        "hours_credited",
        "checked_in_at",
        "self_checked_in",
        "recorded_by",
    )
    list_filter = ("status", "self_checked_in")
    search_fields = ("employee__first_name", "employee__last_name", "session__module_version__title")
    autocomplete_fields = ("employee", "session")
    list_select_related = ("employee", "session__module_version", "recorded_by")
    readonly_fields = ("recorded_by",)


@admin.register(ModuleCompletion)
class ModuleCompletionAdmin(admin.ModelAdmin):
    list_display = ("employee", "module_version", "completed_on", "via", "hours")
    list_filter = ("via", "completed_on")
    search_fields = ("employee__first_name", "employee__last_name", "module_version__title")
    autocomplete_fields = ("employee", "module_version", "session")
    list_select_related = ("employee", "module_version")


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = (
        "employee",
        "text",
        "follow_up_on",
        "outcome",
        "reminder_sent_at",
        "followed_up_at",
        "followed_up_by",
    )
    list_filter = ("outcome", "follow_up_on")
    search_fields = ("employee__first_name", "employee__last_name", "text")
    autocomplete_fields = ("employee", "session", "module_version")
    list_select_related = ("employee", "followed_up_by")
    readonly_fields = ("reminder_sent_at", "reminder_sending_until", "followed_up_by")  # the mailer, the follow-up


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ("employee", "module_version", "session", "on_wall", "on_wall_by", "created_at")
    list_filter = ("on_wall",)
    search_fields = ("employee__first_name", "employee__last_name", "reflection")
    autocomplete_fields = ("employee", "session", "module_version")
    list_select_related = ("employee", "module_version", "on_wall_by")
    readonly_fields = ("on_wall_by",)


@admin.register(SessionFeedback)
class SessionFeedbackAdmin(admin.ModelAdmin):
    list_display = ("session", "employee", "usefulness", "facilitator_rating", "created_at")
    list_filter = ("usefulness", "facilitator_rating")
    search_fields = ("employee__first_name", "employee__last_name", "comment")
    autocomplete_fields = ("session", "employee")
    list_select_related = ("session__module_version", "employee")
