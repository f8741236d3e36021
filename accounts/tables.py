import json
from typing import Any

import django_tables2 as tables
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent
from org.roles import Role, role_label


class AuditEventTable(tables.Table):
    at = tables.Column(verbose_name=_("When"), attrs={"td": {"class": "text-nowrap"}})
    username = tables.Column(verbose_name=_("Who"), default="—")
    action = tables.Column(verbose_name=_("What"))
    summary = tables.Column(verbose_name=_("Summary"), orderable=False, default="")
    details = tables.Column(verbose_name=_("Details"), orderable=False, default="")

    class Meta:
        model = AuditEvent
        fields = ("at", "username", "action", "summary", "details")
        order_by = ("-at",)
        attrs = {"class": "table table-sm align-top"}

    # Times are shown, and exported, in the jurisdiction's time zone with its offset, so a reader is never unsure.
    def render_at(self, value: Any) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")

    def value_at(self, value: Any) -> str:
        return timezone.localtime(value).isoformat(timespec="seconds")

    def render_details(self, record: AuditEvent) -> SafeString:
        # format_html_join escapes every key and value: details may hold what someone typed.
        return format_html_join("", "<div>{}: {}</div>", record.detail_lines())

    def value_details(self, record: AuditEvent) -> str:
        return json.dumps(record.details, ensure_ascii=False, sort_keys=True) if record.details else ""


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
