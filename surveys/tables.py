from dataclasses import dataclass, field

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.text import Truncator
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import OrderByTuple

from org.models import A11Driver
from surveys.models import LOW_UP_TO, Answer, Response

COMMENT_PREVIEW_CHARS = 80


@dataclass
class DriverSummary:
    """A response's A-11 answers at a glance, in words (never colour alone): the satisfaction answer, then the
    other drivers grouped as low (1-2 or thumbs down), middling (3) and satisfied (4-5 or thumbs up)."""

    satisfaction: str = ""
    satisfaction_tone: str = ""  # "low", "middle" or "satisfied"
    low: list[str] = field(default_factory=list)
    middle: list[str] = field(default_factory=list)
    satisfied: list[str] = field(default_factory=list)


def _tone(answer: Answer) -> str:
    if answer.satisfied:
        return "satisfied"
    if answer.score is None or answer.score <= LOW_UP_TO:  # no score: a thumbs-down
        return "low"
    return "middle"


def driver_summary(answers: list[Answer]) -> DriverSummary:
    summary = DriverSummary()
    labels = dict(A11Driver.choices)
    for answer in sorted(answers, key=lambda answer: list(labels).index(answer.driver)):
        tone = _tone(answer)
        if answer.driver == A11Driver.SATISFACTION and not summary.satisfaction:
            summary.satisfaction_tone = tone
            if answer.score is not None:
                summary.satisfaction = gettext_now("%(score)s of 5") % {"score": answer.score}
            else:
                summary.satisfaction = gettext_now("Thumbs up") if answer.satisfied else gettext_now("Thumbs down")
            continue
        getattr(summary, tone).append(str(labels[answer.driver]))
    return summary


class ResponseTable(tables.Table):
    select = tables.TemplateColumn(template_name="surveys/_select_cell.html", verbose_name=_("Select"), orderable=False)
    id = tables.Column(verbose_name=_("No."), linkify=True)
    submitted_at = tables.DateTimeColumn(verbose_name=_("Submitted"), format="SHORT_DATETIME_FORMAT")
    survey = tables.Column(verbose_name=_("Survey"))
    department = tables.Column(verbose_name=_("Department"))
    service_point = tables.Column(verbose_name=_("Service point"), accessor="service_point__name")
    channel = tables.Column(verbose_name=_("Channel"))
    status = tables.Column(verbose_name=_("Status"))
    satisfaction = tables.Column(
        verbose_name=_("Satisfaction"),
        accessor="satisfaction_score",
        empty_values=(),  # a response without a satisfaction answer still shows its other drivers
        order_by=("satisfaction_score", "-submitted_at"),
    )
    # The comment is what a head reads first: it gets room to be read, the table scrolls sideways if it must.
    comment = tables.Column(
        verbose_name=_("Comment"), orderable=False, empty_values=(), attrs={"td": {"class": "inbox-comment"}}
    )
    marks = tables.TemplateColumn(template_name="surveys/_marks_cell.html", verbose_name=_("Marks"), orderable=False)

    class Meta:
        model = Response
        fields = (
            "select",
            "id",
            "submitted_at",
            "survey",
            "department",
            "service_point",
            "channel",
            "status",
            "satisfaction",
            "comment",
            "marks",
        )
        order_by = ("-submitted_at",)
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_satisfaction(self, record: Response) -> str:
        # Read from the prefetched answers (ResponseQuerySet.with_drivers): no query per row.
        return render_to_string(
            "surveys/_drivers_cell.html", {"summary": driver_summary(getattr(record, "driver_answers", []))}
        )

    def render_comment(self, value: str | None, record: Response) -> str:
        # The preview goes through the template's autoescaping, so a resident's markup shows as text; the themes
        # and the words that matched them come from the prefetched tags (no query per row).
        themes = record.themes.all()
        return render_to_string(
            "surveys/_comment_cell.html",
            {
                "preview": Truncator(" ".join((value or "").split())).chars(COMMENT_PREVIEW_CHARS),
                "themes": themes,
                "words": [word for tag in themes for word in tag.words],
            },
        )


class FollowUpTable(tables.Table):
    id = tables.Column(verbose_name=_("No."), linkify=True)
    submitted_at = tables.DateTimeColumn(verbose_name=_("Submitted"), format="SHORT_DATETIME_FORMAT")
    department = tables.Column(verbose_name=_("Department"))
    contact_name = tables.Column(verbose_name=_("Name"))
    contact_email = tables.EmailColumn(verbose_name=_("Email"))
    contact_phone = tables.Column(verbose_name=_("Phone"))
    status = tables.Column(verbose_name=_("Status"))
    contact_email_sent_at = tables.DateTimeColumn(
        verbose_name=_("Representative emailed"), format="SHORT_DATETIME_FORMAT"
    )

    class Meta:
        model = Response
        fields = (
            "id",
            "submitted_at",
            "department",
            "contact_name",
            "contact_email",
            "contact_phone",
            "status",
            "contact_email_sent_at",
        )
        order_by = ("submitted_at",)
        attrs = {"class": "table table-sm align-middle"}


def screen_ordering(sort: str) -> list[str]:
    """The order the inbox shows for its `sort` parameter (django-tables2's), newest first when none or an
    unknown one is given; exports read it so a file lists responses as the screen did."""
    table = ResponseTable(Response.objects.none())
    name = sort.removeprefix("-")
    if not name or name not in table.columns or not table.columns[name].orderable:
        return ["-submitted_at", "-pk"]
    bound = table.columns[name]
    # The column's own order (BoundColumn.order_by would flip it to undo the table's default order).
    order_by = OrderByTuple(bound.column.order_by or (bound.accessor,))
    if sort.startswith("-"):
        order_by = order_by.opposite
    return [str(part).replace(".", "__") for part in order_by] + ["-pk"]
