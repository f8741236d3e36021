from django.contrib import admin
from django.contrib.auth.models import User
from django.db import transaction
from modeltranslation.admin import TabbedTranslationAdmin

from org.models import Department, Employee, ServicePoint, ServiceStandard


@admin.register(Department)
class DepartmentAdmin(TabbedTranslationAdmin):
    list_display = ("indented_name", "code", "head", "customer_relations_rep", "phone", "active")
    list_filter = ("active", "depth")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent", "head", "customer_relations_rep")
    readonly_fields = ("path", "depth")

    @admin.display(description="name", ordering="path")
    def indented_name(self, department):
        return f"{'— ' * department.depth}{department.name}"


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "employee_number", "department", "job_title", "supervisor", "active")
    list_filter = ("active", "department")
    search_fields = ("first_name", "last_name", "employee_number", "work_email", "job_title")
    autocomplete_fields = ("user", "department", "supervisor")
    list_select_related = ("department", "supervisor")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "active" in form.changed_data and obj.user_id:
            # A leaver's account goes with them, at once, as in the HR import: Django refuses an inactive
            # account on its next request, so whatever session they still have ends there.
            User.objects.filter(pk=obj.user_id).update(is_active=obj.active)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Employee.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        # A deleted employee is a leaver too: the account would outlive the record (user is SET_NULL) and still
        # sign in, so it is switched off first, in the same transaction as the delete.
        with transaction.atomic():
            User.objects.filter(employee__in=queryset).update(is_active=False)
            super().delete_queryset(request, queryset)


@admin.register(ServicePoint)
class ServicePointAdmin(TabbedTranslationAdmin):
    list_display = ("name", "department", "channel", "location", "active")
    list_filter = ("channel", "active", "department")
    search_fields = ("name", "location", "department__name")
    autocomplete_fields = ("department", "staff")
    list_select_related = ("department",)


@admin.register(ServiceStandard)
class ServiceStandardAdmin(TabbedTranslationAdmin):
    list_display = ("title", "department", "service_point", "measure", "driver", "target", "direction", "published")
    list_filter = ("published", "measure", "driver", "department")
    search_fields = ("title", "description", "department__name")
    autocomplete_fields = ("department", "service_point")
    list_select_related = ("department", "service_point")
