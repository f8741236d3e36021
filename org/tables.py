import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from org.models import Employee


class EmployeeTable(tables.Table):
    last_name = tables.Column(linkify=True, verbose_name=_("Last name"))
    first_name = tables.Column(verbose_name=_("First name"))
    department = tables.Column(verbose_name=_("Department"))
    supervisor = tables.Column(verbose_name=_("Supervisor"), order_by=("supervisor__last_name",))
    # Who signs in as whom: HR finds an imported person's account here (and, in the demo, every username).
    username = tables.Column(accessor="user__username", verbose_name=_("Username"), default="—")

    class Meta:
        model = Employee
        fields = (
            "last_name",
            "first_name",
            "employee_number",
            "job_title",
            "department",
            "supervisor",
            "username",
            "active",
        )
        order_by = ("last_name", "first_name")
