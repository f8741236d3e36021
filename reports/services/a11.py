"""The quarterly A-11 CX data collection (OMB Circular A-11, section 280) in the shape agencies file it.

The columns and their order follow the CX reporting collections of GSA Touchpoints: fiscal year and quarter,
service provider, service, transaction point and channel, the three volumes, the OMB control number, then for
each question its text and the number of answers at each point of the five-point scale (`q1_text`, `q1_1` ...
`q1_5`, `q2_text` ...). The questions are the seven A-11 drivers in Touchpoints' order (A11Driver's order).

How our organisation fills those columns:

- a row is one service point over the quarter, on one channel (a service point serves through one channel;
  a point whose channel was changed mid-quarter gets a row per channel it reported under);
- service provider: the department directly under the top of the tree that the service point belongs to
  (Public Works for the water billing counter); service: the service point's own department (Water and Sewer);
  transaction point: the service point (Water billing counter); channel: Touchpoints' channel code;
- fiscal_year and quarter: the fiscal year and its quarter of the quarter's first day (FISCAL_YEAR_START_MONTH);
- volume_of_customers: the customers served entered for the quarter (ServedVolume), empty when none was entered;
- volume_of_customers_provided_survey_opportunity: the number offered entered with it when program admins
  counted it; otherwise the single-use links issued in the quarter (one per transaction, handed or sent to the
  customer) plus the times the form was opened through open links (posters and websites, whose reach beyond
  those who opened the form is unknown);
  (an invitation sent through the API or a CSV upload is one such single-use link, counted in the quarter it was
  sent and under the channel of its transaction);
- volume_of_respondents: the responses that count (not spam, not deleted);
- omb_control_number: of the surveys behind the row, distinct numbers joined with "; " when there were several;
- qN_text: the English wording of the survey's five-point question on driver N (several wordings joined with
  "; "); qN_1 ... qN_5: the answers at each point. Yes/no (thumbs) answers have no point on that scale: they
  count in the summary's shares only.

Beside the filing, the page shows per row the invitations sent in the quarter and how many of them have been
opened and answered so far. They are read from the invitations themselves, not a report table: an invitation is
opened and answered days after it was sent, which changes a past day's figures.

Residents only: rows of internal-customer surveys never enter (surveys.audiences). Everything comes from the
report tables and the surveys' own texts, never from answers: a retention purge may delete the answers of past
quarters, and the filing of those quarters must not change.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from org.models import A11Driver, Channel, Department, ServicePoint
from reports.models import ServedVolume, SurveyDriverDay, SurveyMetricDay
from reports.periods import fiscal_quarter_of, fiscal_year_of, quarter_end
from reports.services.standard_metrics import satisfied_percent
from reports.services.survey_metrics import SCALE_POINTS, local_bounds, scale_points
from surveys.audiences import answered_by_residents
from surveys.models import LinkViewDay, Question, QuestionKind, Survey, SurveyInvitation

# Touchpoints' channel codes (its Service.channels) for ours.
TOUCHPOINTS_CHANNELS: dict[str, str] = {
    Channel.COUNTER: "in_person",
    Channel.PHONE: "phone",
    Channel.EMAIL: "email",
    Channel.WEB: "website",
    Channel.FIELD: "in_person",
    Channel.MAIL: "postal_mail",
    Channel.CHAT: "live_chat",
}
FIVE_POINT_KINDS = (QuestionKind.AGREEMENT, QuestionKind.STARS)
DRIVERS = list(A11Driver)  # q1 is the first driver, q2 the second ...
JOIN = "; "

FILING_COLUMNS = (
    "fiscal_year",
    "quarter",
    "service_provider_name",
    "service_name",
    "transaction_point",
    "channel",
    "volume_of_customers",
    "volume_of_customers_provided_survey_opportunity",
    "volume_of_respondents",
    "omb_control_number",
    *(
        name
        for number in range(1, len(DRIVERS) + 1)
        for name in (f"q{number}_text", *(f"q{number}_{point}" for point in SCALE_POINTS))
    ),
)
SUMMARY_COLUMNS = (
    "fiscal_year",
    "quarter",
    "service_provider_name",
    "service_name",
    "transaction_point",
    "channel",
    "volume_of_respondents",
    *(f"{driver.value}_satisfied_pct" for driver in DRIVERS),
)

# What each filing column holds, for the page (the same words as the module docstring, for people).
COLUMN_HELP = (
    ("fiscal_year", _("The fiscal year the quarter belongs to.")),
    ("quarter", _("The quarter of that fiscal year (1 to 4).")),
    ("service_provider_name", _("The department directly under the top of the tree that the service point is in.")),
    ("service_name", _("The service point's own department.")),
    (
        "transaction_point",
        _("The service point: the counter, phone line, web form or visit where the survey is offered."),
    ),
    ("channel", _("How the service is delivered, in the channel names of GSA Touchpoints (see the list below).")),
    (
        "volume_of_customers",
        _("Customers served in the quarter, as entered under Served volumes; empty if none was entered."),
    ),
    (
        "volume_of_customers_provided_survey_opportunity",
        _(
            "Customers offered the survey: the number entered under Served volumes when it was counted; otherwise "
            "the single-use links issued in the quarter plus the times the form was opened through open links."
        ),
    ),
    ("volume_of_respondents", _("Residents' responses received in the quarter, spam and deleted ones left out.")),
    (
        "omb_control_number",
        _("The OMB control number of the survey, when it was cleared under the Paperwork Reduction Act."),
    ),
    (
        "qN_text",
        _(
            "The wording of the five-point question on driver N (q1 satisfaction, q2 trust, q3 effectiveness, "
            "q4 ease, q5 efficiency, q6 equity and transparency, q7 employee helpfulness)."
        ),
    ),
    (
        "qN_1 … qN_5",
        _("How many answers to that question were 1 (strongly disagree), 2, 3 (neutral), 4 and 5 (strongly agree)."),
    ),
)


@dataclass
class DriverTally:
    """One driver of one filing row: the five-point distribution and the satisfied share (thumbs included)."""

    texts: list[str] = field(default_factory=list)
    points: list[int] = field(default_factory=lambda: [0] * len(SCALE_POINTS))
    answers: int = 0
    satisfied: int = 0
    scored: int = 0

    @property
    def share(self) -> Decimal | None:
        return satisfied_percent(self.satisfied, self.answers)


@dataclass
class FilingRow:
    """One service point x channel over the quarter."""

    service_point: ServicePoint
    channel: str
    service_provider: str = ""
    volume_of_customers: int | None = None
    offered_entered: int | None = None
    links_issued: int = 0
    open_link_views: int = 0
    respondents: int = 0
    surveys: set[int] = field(default_factory=set)
    omb_control_number: str = ""
    invitations_sent: int = 0
    invitations_opened: int = 0
    invitations_answered: int = 0
    drivers: dict[str, DriverTally] = field(default_factory=lambda: {driver.value: DriverTally() for driver in DRIVERS})

    @property
    def offered(self) -> int:
        if self.offered_entered is not None:
            return self.offered_entered
        return self.links_issued + self.open_link_views

    @property
    def touchpoints_channel(self) -> str:
        return TOUCHPOINTS_CHANNELS.get(self.channel, "other_non_digital")

    @property
    def incomplete(self) -> bool:
        """Report rows written before the scale points were kept: scored answers missing from the points."""
        return any(sum(tally.points) != tally.scored for tally in self.drivers.values())


@dataclass
class Filing:
    quarter: date
    fiscal_year: int
    fiscal_quarter: int
    rows: list[FilingRow]

    @property
    def incomplete(self) -> bool:
        return any(row.incomplete for row in self.rows)

    def key_values(self, row: FilingRow) -> list:
        point = row.service_point
        return [
            self.fiscal_year,
            self.fiscal_quarter,
            row.service_provider,
            english(point.department, "name"),
            english(point, "name"),
            row.touchpoints_channel,
        ]

    def filing_table(self) -> list[list]:
        """The header and one list of cells per row, in FILING_COLUMNS order."""
        table: list[list] = [list(FILING_COLUMNS)]
        for row in self.rows:
            cells = [
                *self.key_values(row),
                row.volume_of_customers,
                row.offered,
                row.respondents,
                row.omb_control_number,
            ]
            for driver in DRIVERS:
                tally = row.drivers[driver.value]
                cells += [JOIN.join(tally.texts), *tally.points]
            table.append(cells)
        return table

    def invitation_rows(self) -> list[FilingRow]:
        """The rows that had invitations sent in the quarter."""
        return [row for row in self.rows if row.invitations_sent]

    def summary_table(self) -> list[list]:
        """The header and, per row, the share of answers satisfied on each driver (empty when none)."""
        table: list[list] = [list(SUMMARY_COLUMNS)]
        for row in self.rows:
            shares = [row.drivers[driver.value].share for driver in DRIVERS]
            table.append([*self.key_values(row), row.respondents, *shares])
        return table


def english(instance, name: str) -> str:
    """A translated field's English text (the filing is in English), or its text in the current language."""
    return getattr(instance, f"{name}_en", None) or getattr(instance, name)


def build_filing(quarter: date) -> Filing:
    """The A-11 data collection for the quarter starting on `quarter`: a fixed handful of queries."""
    in_quarter = {"day__range": (quarter, quarter_end(quarter))}
    rows: dict[tuple[int, str], FilingRow] = {}

    def row_for(point_id: int, channel: str) -> FilingRow:
        if (point_id, channel) not in rows:
            rows[(point_id, channel)] = FilingRow(service_point=ServicePoint(pk=point_id), channel=channel)
        return rows[(point_id, channel)]

    for metric in (
        SurveyMetricDay.objects.filter(answered_by_residents(), **in_quarter)
        .values("service_point", "channel", "survey")
        .annotate(responses=Sum("responses"), open_views=Sum("open_link_views"), issued=Sum("single_use_links_issued"))
        .order_by()
    ):
        row = row_for(metric["service_point"], metric["channel"])
        row.respondents += metric["responses"]
        row.open_link_views += metric["open_views"]
        row.links_issued += metric["issued"]
        row.surveys.add(metric["survey"])
    _add_driver_counts(row_for, in_quarter)
    _add_invitations(row_for, quarter)
    _add_served_volumes(rows, row_for, quarter)
    _name_rows(rows)
    _add_survey_texts(rows)
    ordered = sorted(
        rows.values(),
        key=lambda row: (row.service_point.department.path, english(row.service_point, "name"), row.channel),
    )
    return Filing(
        quarter=quarter, fiscal_year=fiscal_year_of(quarter), fiscal_quarter=fiscal_quarter_of(quarter), rows=ordered
    )


def _add_driver_counts(row_for, in_quarter: dict) -> None:
    points = [f"score_{point}" for point in SCALE_POINTS]
    for counts in (
        SurveyDriverDay.objects.filter(answered_by_residents(), **in_quarter)
        .values("service_point", "channel", "driver")
        .annotate(
            answers_sum=Sum("answers"),
            satisfied_sum=Sum("satisfied"),
            scored_sum=Sum("scored"),
            **{f"{name}_sum": Sum(name) for name in points},
        )
        .order_by()
    ):
        tally = row_for(counts["service_point"], counts["channel"]).drivers.get(counts["driver"])
        if tally is None:
            continue  # a driver no longer in A11Driver: no question of the filing to count it under
        tally.answers += counts["answers_sum"]
        tally.satisfied += counts["satisfied_sum"]
        tally.scored += counts["scored_sum"]
        added = scale_points(counts, suffix="_sum")
        tally.points = [have + added[name] for have, name in zip(tally.points, points, strict=True)]


def _add_invitations(row_for, quarter: date) -> None:
    """Invitations sent in the quarter per service point and channel, and how many were opened (the form shown,
    or answered) and answered by now."""
    start, end = local_bounds(quarter, quarter_end(quarter))
    answered = Q(link__used_at__isnull=False)
    opened = answered | Q(Exists(LinkViewDay.objects.filter(link=OuterRef("link"))))
    for counts in (
        SurveyInvitation.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("service_point", "channel")
        .annotate(sent=Count("pk"), opened=Count("pk", filter=opened), answered=Count("pk", filter=answered))
        .order_by()
    ):
        row = row_for(counts["service_point"], counts["channel"])
        row.invitations_sent += counts["sent"]
        row.invitations_opened += counts["opened"]
        row.invitations_answered += counts["answered"]


def _add_served_volumes(rows: dict, row_for, quarter: date) -> None:
    """The entered volumes go to the row of the point's current channel (or the only channel it reported under
    this quarter, if it was changed since); a point with a volume and no survey activity still gets its row."""
    for volume in ServedVolume.objects.filter(quarter=quarter).select_related("service_point"):
        point = volume.service_point
        reported = [channel for point_id, channel in rows if point_id == point.pk]
        channel = point.channel if point.channel in reported or len(reported) != 1 else reported[0]
        row = row_for(point.pk, channel)
        row.volume_of_customers = volume.total_volume
        row.offered_entered = volume.surveys_offered


def _name_rows(rows: dict) -> None:
    """Service points with their departments, and each department's provider (its ancestor at depth 1)."""
    points = ServicePoint.objects.select_related("department").in_bulk({point_id for point_id, _channel in rows})
    provider_ids = {_provider_id(point.department) for point in points.values()}
    providers = Department.objects.in_bulk(provider_ids)
    for (point_id, _channel), row in rows.items():
        row.service_point = points[point_id]
        row.service_provider = english(providers[_provider_id(row.service_point.department)], "name")


def _provider_id(department: Department) -> int:
    ids = [int(part) for part in department.path.strip("/").split("/") if part]
    return ids[1] if len(ids) > 1 else ids[0]


def _add_survey_texts(rows: dict) -> None:
    """The OMB control numbers of the surveys behind each row, and the wording of their five-point questions."""
    survey_ids = {survey for row in rows.values() for survey in row.surveys}
    numbers = dict(Survey.objects.filter(pk__in=survey_ids).values_list("pk", "omb_control_number"))
    wordings: dict[tuple[int, str], list[str]] = defaultdict(list)
    for question in Question.objects.filter(survey__in=survey_ids, kind__in=FIVE_POINT_KINDS).exclude(driver=""):
        wordings[(question.survey_id, question.driver)].append(english(question, "text"))
    for row in rows.values():
        surveys = sorted(row.surveys)
        row.omb_control_number = JOIN.join(sorted({numbers[survey] for survey in surveys if numbers.get(survey)}))
        for driver, tally in row.drivers.items():
            tally.texts = list(dict.fromkeys(text for survey in surveys for text in wordings[(survey, driver)]))
