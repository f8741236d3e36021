from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from serviceculture.admin import TabbedTranslationAdmin
from surveys.models import (
    A11_MAX_QUESTIONS,
    Answer,
    Compliment,
    LinkViewDay,
    PaperworkWarning,
    Question,
    Response,
    Survey,
    SurveyLink,
    Tag,
    TriageEvent,
)
from surveys.services.builder import check_question_count, survey_has_responses

# The builder's rule holds here too: once a survey has responses its questions keep their kind and are
# not deleted, since the stored answers are read by that kind. New questions may still be added.


def _locked(survey: Survey | None) -> bool:
    return survey is not None and survey.pk is not None and survey_has_responses(survey)


class QuestionInlineForm(forms.ModelForm):
    survey_locked = False  # set per request by QuestionInline.get_formset

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.survey_locked and self.instance.pk:
            self.fields["kind"].disabled = True  # a disabled field keeps its stored value whatever is posted


class QuestionInline(TranslationTabularInline):
    model = Question
    form = QuestionInlineForm
    extra = 0
    fields = ("order", "kind", "text", "help_text", "required", "driver", "options", "char_limit")

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = type("LockedQuestionInlineForm", (self.form,), {"survey_locked": _locked(obj)})
        kwargs["validate_max"] = True  # so a posted form over the A-11 limit is refused, not only not shown
        return super().get_formset(request, obj, **kwargs)

    def get_max_num(self, request, obj=None, **kwargs):
        return A11_MAX_QUESTIONS if obj is not None and obj.standard else None

    def has_delete_permission(self, request, obj=None):
        if _locked(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Survey)
class SurveyAdmin(TabbedTranslationAdmin):
    list_display = (
        "title",
        "version",
        "audience",
        "standard",
        "status",
        "opens_on",
        "closes_on",
        "omb_control_number",
        "paperwork",
    )
    list_filter = ("status", "audience", "standard")
    search_fields = ("title", "introduction")
    autocomplete_fields = ("previous_version",)
    readonly_fields = ("created_by", "updated_by")
    inlines = [QuestionInline]

    @admin.display(description=_("PRA state"), ordering="omb_expires_on")
    def paperwork(self, obj: Survey) -> str:
        return obj.paperwork_state() or "—"

    def save_model(self, request, obj, form, change):
        # Who acted is kept here as in the builder (surveys/services/builder.py), since admins edit surveys here too.
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class QuestionAdminForm(forms.ModelForm):
    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("survey") and not self.instance.pk:
            check_question_count(cleaned["survey"])
        return cleaned


@admin.register(Question)
class QuestionAdmin(TabbedTranslationAdmin):
    form = QuestionAdminForm
    list_display = ("text", "survey", "kind", "driver", "required", "order")
    list_filter = ("kind", "driver", "required")
    search_fields = ("text", "survey__title")
    autocomplete_fields = ("survey",)
    list_select_related = ("survey",)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and _locked(obj.survey):
            return ("survey", "kind")
        return ()

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _locked(obj.survey):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # The bulk delete cannot tell locked surveys apart: questions are deleted one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(SurveyLink)
class SurveyLinkAdmin(admin.ModelAdmin):
    list_display = (
        "token",
        "survey",
        "service_point",
        "kind",
        "label",
        "used_at",
        "active",
        "created_at",
        "created_by",
    )
    list_filter = ("kind", "active", "survey")
    search_fields = ("token", "label", "service_point__name")
    autocomplete_fields = ("survey", "service_point")
    list_select_related = ("survey", "service_point", "created_by")
    readonly_fields = ("token", "used_at", "created_by")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


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
    list_display = (
        "pk",
        "submitted_at",
        "survey",
        "department",
        "service_point",
        "channel",
        "status",
        "flagged",
        "is_spam",
        "archived",
        "deleted_at",
        "wants_contact",
    )
    list_filter = ("status", "channel", "flagged", "is_spam", "archived", "wants_contact", "language", "survey")
    search_fields = ("pk", "contact_name", "contact_email", "answers__text")
    autocomplete_fields = ("survey", "link", "service_point", "department", "tags")
    list_select_related = ("survey", "department", "service_point")
    date_hierarchy = "submitted_at"
    readonly_fields = (
        "submitted_at",
        "updated_at",
        "contact_email_sent_at",
        "contact_email_sending_until",
        "resident_email_sent_at",
        "resident_email_sending_until",
        "contact_withdrawn_at",
    )
    inlines = [AnswerInline, TriageEventInline]

    def get_readonly_fields(self, request, obj=None):
        # Details the resident took back stay gone: nobody types them in again (a constraint refuses it too).
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.contact_withdrawn:
            return (*fields, "wants_contact", "contact_name", "contact_email", "contact_phone")
        return fields


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


@admin.register(PaperworkWarning)
class PaperworkWarningAdmin(admin.ModelAdmin):
    """What the daily task sent (surveys/services/paperwork.py): read only, the task alone writes these."""

    list_display = ("survey", "expires_on", "days_before", "sent_at", "sent_to")
    list_select_related = ("survey",)
    readonly_fields = ("survey", "expires_on", "days_before", "created_at", "sent_to", "sent_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
