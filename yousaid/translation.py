"""The texts residents read on /standards/, kept in English and Spanish by django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from yousaid.models import FeedbackAction


@register(FeedbackAction)
class FeedbackActionTranslation(TranslationOptions):
    fields = ("you_said", "we_did")
    # Heads write in English and add Spanish when they can; until they do, Spanish readers get the English.
    required_languages = ("en",)
