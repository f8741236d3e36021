"""The people list: everyone with an account, their roles and their place."""

from typing import Any

import django_tables2 as tables
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from org.roles import Role, role_label


class PersonTable(tables.Table):
    name = tables.Column(
        verbose_name=_("Name"),
        accessor="username",
        order_by=("employee__last_name", "employee__first_name", "username"),
        linkify=lambda record: reverse("accounts:person_roles", args=[record.pk]),
    )
    username = tables.Column(verbose_name=_("Username"))
    department = tables.Column(verbose_name=_("Department"), accessor="employee__department", default="—")
    roles = tables.Column(verbose_name=_("Roles"), accessor="pk", orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta:
        model = User
        fields = ("name", "username", "department", "roles", "is_active")
        order_by = ("name",)
        attrs = {"class": "table table-sm align-middle"}

    def render_name(self, record: User) -> str:
        employee = getattr(record, "employee", None)
        return employee.full_name if employee is not None else record.get_username()

    def render_roles(self, record: User) -> str:
        names = {group.name for group in record.groups.all()}  # prefetched by the view
        held = [role_label(role) for role in Role if role.value in names]
        if record.is_superuser and Role.PROGRAM_ADMIN.value not in names:
            held.insert(0, str(_("Program admin (superuser)")))
        return ", ".join(held) or "—"

    def value_roles(self, record: User) -> Any:
        return self.render_roles(record)
