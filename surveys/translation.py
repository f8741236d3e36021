"""Texts residents read, kept in English and Spanish by django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from surveys.models import Question, Survey, Theme


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "introduction", "privacy_notice", "thank_you")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
