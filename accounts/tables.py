import json
from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent


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
