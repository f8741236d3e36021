from django.contrib import admin
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from org.models import Department, Employee, JobClass, ServicePoint, ServiceStandard
from serviceculture.admin import TabbedTranslationAdmin


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
class EmployeeAdmin(SimpleHistoryAdmin):
    """Its History button lists every change to the salary, grade and pay range, and who made it."""

    list_display = (
        "last_name", "first_name", "employee_number", "department", "job_title", "job_class", "supervisor", "active"
    )  # fmt: skip
    list_filter = ("active", "job_class", "department")
    search_fields = ("first_name", "last_name", "employee_number", "work_email", "job_title")
    autocomplete_fields = ("user", "department", "supervisor", "job_class")
    list_select_related = ("department", "supervisor", "job_class")

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
    list_display = ("name", "department", "channel", "location", "invite_one_in", "active")
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


@admin.register(JobClass)
class JobClassAdmin(TabbedTranslationAdmin):
    """Program admins and HR keep the classification plan here; which evaluation template a class is judged by is
    chosen on the template (evaluations), and listed here read-only."""

    list_display = ("code", "title", "employee_count", "active")
    list_filter = ("active",)
    search_fields = ("code", "title", "service_duties")
    readonly_fields = ("evaluation_templates",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(employee_count=Count("employees"))

    @admin.display(description=_("employees"), ordering="employee_count")
    def employee_count(self, job_class) -> int:
        return job_class.employee_count

    @admin.display(description=_("evaluation templates"))
    def evaluation_templates(self, job_class) -> str:
        # The reverse side of evaluations' Template.job_classes, read by name: org imports none of our apps.
        names = [str(template) for template in job_class.evaluation_templates.all()]
        return ", ".join(names) or "—"
