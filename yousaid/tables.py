import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from yousaid.models import FeedbackAction


class ActionTable(tables.Table):
    changed_on = tables.DateColumn(verbose_name=_("Changed on"), format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    department = tables.Column(verbose_name=_("Department"), order_by=("department__name",))
    service_point = tables.Column(
        verbose_name=_("Service point"), accessor="service_point__name", default="—", order_by=("service_point__name",)
    )
    we_did = tables.Column(verbose_name=_("What we changed"), linkify=True, orderable=False)
    status = tables.TemplateColumn(
        template_name="yousaid/_status.html", verbose_name=_("Status"), order_by=("status", "-changed_on")
    )

    class Meta:
        model = FeedbackAction
        fields = ("changed_on", "department", "service_point", "we_did", "status")
        order_by = ("-changed_on",)
        empty_text = _("No actions here yet.")
