from decimal import Decimal

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from org.models import Employee


def hours_text(value) -> str:
    """Hours to hundredths (SQLite hands sums back as floats in disguise)."""
    return str(Decimal(str(value)).quantize(Decimal("0.01")))


class CoverageTable(tables.Table):
    """Who in a department subtree has completed what; one column per current module is added by the view."""

    name = tables.Column(
        verbose_name=_("Employee"),
        accessor="full_name",
        order_by=("last_name", "first_name"),
        linkify=lambda record: record.get_absolute_url(),
    )
    department = tables.Column(verbose_name=_("Department"), order_by=("department__path",))
    sessions_attended = tables.Column(verbose_name=_("Sessions attended"))
    modules_completed = tables.Column(verbose_name=_("Modules completed"))
    hours = tables.Column(verbose_name=_("Hours"))
    last_trained = tables.DateColumn(verbose_name=_("Last training"), default="—")
    certificates = tables.Column(verbose_name=_("Certificates"))

    def render_hours(self, value):
        return hours_text(value)

    def value_hours(self, value):
        return hours_text(value)

    class Meta:
        model = Employee
        fields = (
            "name",
            "department",
            "sessions_attended",
            "modules_completed",
            "hours",
            "last_trained",
            "certificates",
        )
        order_by = ("department", "name")
        attrs = {"class": "table table-sm table-striped align-middle"}


class OverdueCommitmentTable(tables.Table):
    employee = tables.Column(verbose_name=_("Employee"), order_by=("employee__last_name", "employee__first_name"))
    department = tables.Column(verbose_name=_("Department"), accessor="employee__department")
    text = tables.Column(verbose_name=_("Commitment"))
    module = tables.Column(verbose_name=_("Module"), accessor="module_version__title")
    follow_up_on = tables.DateColumn(verbose_name=_("Follow-up was due"))
    reminder_sent_at = tables.DateTimeColumn(verbose_name=_("Reminder sent"), default="—")

    class Meta:
        attrs = {"class": "table table-sm table-striped align-middle"}
        order_by = ("follow_up_on",)
