import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reports.templatetags.report_format import percent


class PercentColumn(tables.Column):
    """Shown as "66.7 %", exported to CSV as the bare number."""

    def render(self, value):
        return percent(value)

    def value(self, value):
        return value


class UnitTable(tables.Table):
    """Sub-departments side by side; each name drills down into its own dashboard."""

    label = tables.Column(verbose_name=_("Department"), orderable=False)
    responses = tables.Column(verbose_name=_("Responses"), accessor="tally__responses")
    satisfaction = PercentColumn(verbose_name=_("Satisfied"), accessor="tally__satisfaction")
    trust = PercentColumn(verbose_name=_("Trust"), accessor="tally__trust")
    standards = PercentColumn(verbose_name=_("Standards met"), accessor="standards_share")
    coverage = PercentColumn(verbose_name=_("Training coverage"), accessor="coverage")
    customer_service = tables.Column(verbose_name=_("Customer-service score (1-5)"), accessor="customer_service_mean")
    index = tables.Column(verbose_name=_("Service culture index"), accessor="culture_index")

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-striped align-middle", "th": {"scope": "col"}}

    def __init__(self, *args, query: str = "", **kwargs):
        self.query = query
        super().__init__(*args, **kwargs)

    def render_label(self, value, record):
        url = f"{reverse('reports:dashboard')}?department={record.department.pk}&{self.query}"
        return format_html('<a href="{}">{}</a>', url, value)

    def value_label(self, value):
        return value


class ServicePointTable(tables.Table):
    name = tables.Column(verbose_name=_("Service point"), accessor="0__name", orderable=False)
    channel = tables.Column(verbose_name=_("Channel"), accessor="0__get_channel_display")
    responses = tables.Column(verbose_name=_("Responses"), accessor="1__responses")
    link_views = tables.Column(verbose_name=_("Forms shown"), accessor="1__link_views")
    completion = PercentColumn(verbose_name=_("Completion rate"), accessor="1__completion_rate")
    satisfaction = PercentColumn(verbose_name=_("Satisfied"), accessor="1__satisfaction")
    trust = PercentColumn(verbose_name=_("Trust"), accessor="1__trust")

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-striped align-middle", "th": {"scope": "col"}}
