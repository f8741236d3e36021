"""Texts residents read, kept in English and Spanish by django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from org.models import Department, ServicePoint, ServiceStandard


@register(Department)
class DepartmentTranslation(TranslationOptions):
    fields = ("name", "opening_hours")


@register(ServicePoint)
class ServicePointTranslation(TranslationOptions):
    fields = ("name",)


@register(ServiceStandard)
class ServiceStandardTranslation(TranslationOptions):
    fields = ("title", "description", "unit")
