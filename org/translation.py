"""Texts kept in English and Spanish by django-modeltranslation: those residents read, and the job classes
Spanish-speaking staff read on their own page and evaluation."""

from modeltranslation.translator import TranslationOptions, register

from org.models import Department, JobClass, ServicePoint, ServiceStandard


@register(Department)
class DepartmentTranslation(TranslationOptions):
    fields = ("name", "opening_hours")


@register(ServicePoint)
class ServicePointTranslation(TranslationOptions):
    fields = ("name",)


@register(ServiceStandard)
class ServiceStandardTranslation(TranslationOptions):
    fields = ("title", "description", "unit")


@register(JobClass)
class JobClassTranslation(TranslationOptions):
    fields = ("title", "service_duties", "service_expectations")
