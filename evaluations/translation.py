"""Texts of evaluations kept in English and Spanish by django-modeltranslation, so that a Spanish-speaking
employee, supervisor or head reads their evaluation in Spanish: cycle names, rating band names, and the names
and descriptions of criteria (on the template, and on the copy frozen into each evaluation, which keeps both
languages as they were when the evaluation was created). An empty Spanish text shows the English one.

A band's English name is also its key: evaluations and merit rules store it (RatingBand.key), so renaming a
band in Spanish never changes which evaluations or pay rules it matches.
"""

from modeltranslation.translator import TranslationOptions, register

from evaluations.models import Criterion, Cycle, EvaluationScore, RatingBand


@register(Cycle)
class CycleTranslation(TranslationOptions):
    fields = ("name",)


@register(RatingBand)
class RatingBandTranslation(TranslationOptions):
    fields = ("name",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(EvaluationScore)
class EvaluationScoreTranslation(TranslationOptions):
    fields = ("name", "description")
