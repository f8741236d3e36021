"""Training texts residents read (the program named on the public certificate check), in English and Spanish."""

from modeltranslation.translator import TranslationOptions, register

from training.models import Program


@register(Program)
class ProgramTranslation(TranslationOptions):
    fields = ("name", "description")
