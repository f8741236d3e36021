import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from reports.inbox_links import InboxLinks
from reports.templatetags.report_format import percent
from serviceculture.templatetags.samples import sample_note


class PercentColumn(tables.Column):
    """Shown as "66.7 %", exported to CSV as the bare number. With `sample`, the accessor of the count the
    share rests on, a share resting on few responses carries the low-confidence note (serviceculture/samples.py)."""

    def __init__(self, *args, sample: str | None = None, **kwargs):
        self.sample = tables.A(sample) if sample else None
        super().__init__(*args, **kwargs)

    def render(self, value, record):
        if self.sample is None:
            return percent(value)
        return format_html("{}{}", percent(value), sample_note_html(self.sample.resolve(record)))

    def value(self, value):
        return value


def sample_note_html(count: int | None) -> str:
    return render_to_string("_sample_note.html", sample_note(count))


class ResponsesColumn(tables.Column):
    """A count of responses linking to them in the inbox (reports.inbox_links) for those who read it; the
    table's `inbox_filters(record)` says which of them. Exported to CSV as the bare number."""

    def render(self, value, record, table):
        if table.links is None:
            return value
        return format_html('<a href="{}">{}</a>', table.links.url(**table.inbox_filters(record)), value)

    def value(self, value):
        return value


class UnitTable(tables.Table):
    """Sub-departments side by side; each name drills down into its own dashboard."""

    label = tables.Column(verbose_name=_("Department"), orderable=False)
    responses = ResponsesColumn(verbose_name=_("Responses"), accessor="tally__responses")
    satisfaction = PercentColumn(
        verbose_name=_("Satisfied"), accessor="tally__satisfaction", sample="tally__satisfaction_answers"
    )
    trust = PercentColumn(verbose_name=_("Trust"), accessor="tally__trust", sample="tally__trust_answers")
    standards = PercentColumn(verbose_name=_("Standards met"), accessor="standards_share")
    coverage = PercentColumn(verbose_name=_("Training coverage"), accessor="coverage")
    customer_service = tables.Column(verbose_name=_("Customer-service score (1-5)"), accessor="customer_service_mean")
    index = tables.Column(verbose_name=_("Service culture index"), accessor="culture_index")

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-striped align-middle", "th": {"scope": "col"}}

    def __init__(self, *args, query: str = "", links: InboxLinks | None = None, **kwargs):
        self.query = query
        self.links = links
        super().__init__(*args, **kwargs)

    def inbox_filters(self, record) -> dict:
        return {"department": record.department.pk}

    def render_label(self, value, record):
        url = f"{reverse('reports:dashboard')}?department={record.department.pk}&{self.query}"
        return format_html('<a href="{}">{}</a>', url, value)

    def value_label(self, value):
        return value

    def render_index(self, value, record):
        # The index leans on the residents' shares: it is no surer than the responses behind them.
        return format_html("{}{}", value, sample_note_html(record.tally.responses))


class ServicePointTable(tables.Table):
    name = tables.Column(verbose_name=_("Service point"), accessor="0__name", orderable=False)
    channel = tables.Column(verbose_name=_("Channel"), accessor="0__get_channel_display")
    responses = ResponsesColumn(verbose_name=_("Responses"), accessor="1__responses")
    link_views = tables.Column(verbose_name=_("Forms shown"), accessor="1__link_views")
    completion = PercentColumn(verbose_name=_("Completion rate"), accessor="1__completion_rate")
    satisfaction = PercentColumn(
        verbose_name=_("Satisfied"), accessor="1__satisfaction", sample="1__satisfaction_answers"
    )
    trust = PercentColumn(verbose_name=_("Trust"), accessor="1__trust", sample="1__trust_answers")

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-striped align-middle", "th": {"scope": "col"}}

    def __init__(self, *args, links: InboxLinks | None = None, **kwargs):
        self.links = links
        super().__init__(*args, **kwargs)

    def inbox_filters(self, record) -> dict:
        return {"service_point": record[0].pk}
