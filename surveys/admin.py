from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from surveys.models import (
    Answer,
    Compliment,
    LinkViewDay,
    Question,
    Response,
    Survey,
    SurveyLink,
    Tag,
    TriageEvent,
)


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0
    fields = ("order", "kind", "text", "help_text", "required", "driver", "options", "char_limit")


@admin.register(Survey)
class SurveyAdmin(TabbedTranslationAdmin):
    list_display = ("title", "version", "audience", "standard", "status", "opens_on", "closes_on", "omb_control_number")
    list_filter = ("status", "audience", "standard")
    search_fields = ("title", "introduction")
    autocomplete_fields = ("previous_version",)
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(TabbedTranslationAdmin):
    list_display = ("text", "survey", "kind", "driver", "required", "order")
    list_filter = ("kind", "driver", "required")
    search_fields = ("text", "survey__title")
    autocomplete_fields = ("survey",)
    list_select_related = ("survey",)


@admin.register(SurveyLink)
class SurveyLinkAdmin(admin.ModelAdmin):
    list_display = ("token", "survey", "service_point", "kind", "label", "used_at", "active", "created_at")
    list_filter = ("kind", "active", "survey")
    search_fields = ("token", "label", "service_point__name")
    autocomplete_fields = ("survey", "service_point")
    list_select_related = ("survey", "service_point")
    readonly_fields = ("token", "used_at")


@admin.register(LinkViewDay)
class LinkViewDayAdmin(admin.ModelAdmin):
    list_display = ("link", "day", "views")
    list_filter = ("day",)
    search_fields = ("link__token",)
    autocomplete_fields = ("link",)
    list_select_related = ("link__survey", "link__service_point")
    date_hierarchy = "day"


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("question", "driver", "number", "text", "choices", "satisfied", "score")
    readonly_fields = fields
    can_delete = False


class TriageEventInline(admin.TabularInline):
    model = TriageEvent
    extra = 0
    fields = ("at", "actor", "action", "detail")
    readonly_fields = fields
    can_delete = False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("pk", "submitted_at", "survey", "department", "service_point", "channel", "status", "flagged",
                    "is_spam", "archived", "deleted_at", "wants_contact")
    list_filter = ("status", "channel", "flagged", "is_spam", "archived", "wants_contact", "language", "survey")
    search_fields = ("pk", "contact_name", "contact_email", "answers__text")
    autocomplete_fields = ("survey", "link", "service_point", "department", "tags")
    list_select_related = ("survey", "department", "service_point")
    date_hierarchy = "submitted_at"
    readonly_fields = ("submitted_at", "updated_at", "contact_email_sent_at")
    inlines = [AnswerInline, TriageEventInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("response", "question", "driver", "number", "satisfied", "score")
    list_filter = ("driver", "satisfied")
    search_fields = ("text",)
    autocomplete_fields = ("response", "question")
    list_select_related = ("response", "question")


@admin.register(Compliment)
class ComplimentAdmin(admin.ModelAdmin):
    list_display = ("named_text", "employee", "status", "confirmed_by", "confirmed_at", "response")
    list_filter = ("status",)
    search_fields = ("named_text", "employee__last_name", "employee__first_name")
    autocomplete_fields = ("response", "employee", "confirmed_by")
    list_select_related = ("employee", "confirmed_by", "response")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(TriageEvent)
class TriageEventAdmin(admin.ModelAdmin):
    list_display = ("at", "response", "actor", "action", "detail")
    list_filter = ("action",)
    search_fields = ("detail", "response__pk")
    autocomplete_fields = ("response", "actor")
    list_select_related = ("actor", "response")
    date_hierarchy = "at"
