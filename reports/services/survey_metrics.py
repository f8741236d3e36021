"""Survey metrics per (local day, department, service point, channel, survey), and per A-11 driver.

Each range is written by two INSERT ... SELECT statements (reports/services/upsert.py), one per table, built from
the GROUP BY querysets below; no row passes through Python.
"""

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Min, Q, Sum, Value
from django.db.models.functions import Coalesce, NullIf, TruncDate

from reports.models import SurveyDriverDay, SurveyMetricDay
from reports.services.upsert import Source, replace_slice_from
from surveys.models import (
    FOLLOW_UP_DUE,
    Answer,
    Compliment,
    LinkKind,
    LinkViewDay,
    Response,
    SurveyLink,
    reportable_through,
)

KEY = ("day", "department_id", "service_point_id", "channel", "survey_id")
DRIVER_KEY = (*KEY, "driver")
COUNTS = (
    "responses",
    "link_views",
    "open_link_views",
    "single_use_links_issued",
    "follow_ups",
    "follow_ups_waiting",
    "compliments",
)
SCALE_POINTS = range(1, 6)  # the five points of the A-11 agreement scale, counted one column each


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The instants a range of local days covers: from first's midnight up to (not including) the next."""
    zone = local_zone()
    return datetime.combine(first, time.min, zone), datetime.combine(last + timedelta(days=1), time.min, zone)


def local_day_of(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=local_zone())


def responses_between(first: date, last: date):
    start, end = local_bounds(first, last)
    return Response.objects.reportable().filter(submitted_at__gte=start, submitted_at__lt=end)


def _key_values(prefix: str = "") -> dict:
    """values() arguments naming the key columns like the report table's attnames."""
    return {
        "key_department": F(f"{prefix}department"),
        "key_service_point": F(f"{prefix}service_point"),
        "key_channel": F(f"{prefix}channel"),
        "key_survey": F(f"{prefix}survey"),
    }


KEY_COLUMNS = dict(zip(KEY, ("day", "key_department", "key_service_point", "key_channel", "key_survey"), strict=True))


def _same(*names: str) -> dict[str, str]:
    return {name: name for name in names}


def _response_counts(first: date, last: date) -> Source:
    """Responses and follow-ups in one pass over the range: the waiting ones are a filter on the same rows."""
    rows = (
        responses_between(first, last)
        .annotate(day=local_day_of("submitted_at"))
        .values("day", **_key_values())
        .annotate(
            responses=Count("pk"),
            follow_ups=Count("pk", filter=Q(wants_contact=True)),
            follow_ups_waiting=Count("pk", filter=FOLLOW_UP_DUE),
        )
        .order_by()
    )
    return Source(rows, {**KEY_COLUMNS, **_same("responses", "follow_ups", "follow_ups_waiting")})


def _compliment_counts(first: date, last: date) -> Source:
    start, end = local_bounds(first, last)
    rows = (
        Compliment.objects.confirmed()
        .filter(reportable_through("response__"), response__submitted_at__gte=start, response__submitted_at__lt=end)
        .annotate(day=local_day_of("response__submitted_at"))
        .values("day", **_key_values("response__"))
        .annotate(compliments=Count("pk"))
        .order_by()
    )
    return Source(rows, {**KEY_COLUMNS, **_same("compliments")})


def _link_key_values(prefix: str) -> dict:
    """values() arguments naming the key of the service point and survey a link offers."""
    return {
        "key_department": F(f"{prefix}service_point__department"),
        "key_service_point": F(f"{prefix}service_point"),
        # An invitation's link carries the channel of the transaction it follows, and its response is counted
        # under that channel (submit_response): its issue and its views are too.
        "key_channel": Coalesce(NullIf(F(f"{prefix}channel"), Value("")), F(f"{prefix}service_point__channel")),
        "key_survey": F(f"{prefix}survey"),
    }


def _link_view_counts(first: date, last: date) -> Source:
    """Views are kept per link and local day; a link offers one survey at one service point. Views through
    open links are also counted apart: they are how an open link's offers are counted (a single-use link is
    counted once, when it is issued)."""
    rows = (
        LinkViewDay.objects.filter(day__range=(first, last))
        .values("day", **_link_key_values("link__"))
        .annotate(all_views=Sum("views"), open_views=Sum("views", filter=Q(link__kind=LinkKind.OPEN)))
        .order_by()
    )
    return Source(rows, {**KEY_COLUMNS, "link_views": "all_views", "open_link_views": "open_views"})


def _single_use_issued_counts(first: date, last: date) -> Source:
    """Single-use links made on each local day: each is one transaction whose customer was handed a survey."""
    start, end = local_bounds(first, last)
    rows = (
        SurveyLink.objects.filter(kind=LinkKind.SINGLE_USE, created_at__gte=start, created_at__lt=end)
        .annotate(day=local_day_of("created_at"))
        .values("day", **_link_key_values(""))
        .annotate(issued=Count("pk"))
        .order_by()
    )
    return Source(rows, {**KEY_COLUMNS, "single_use_links_issued": "issued"})


def survey_day_sources(first: date, last: date) -> list[Source]:
    """What makes the rows of SurveyMetricDay: one row per key that had a response, a link view or a
    single-use link issued in the range."""
    return [
        _response_counts(first, last),
        _compliment_counts(first, last),
        _link_view_counts(first, last),
        _single_use_issued_counts(first, last),
    ]


def scale_points(row: Mapping[str, Any], suffix: str = "") -> dict[str, int]:
    """score_1 ... score_5 of a values() row (whose names may carry a suffix, as "score_1_sum")."""
    return {f"score_{point}": row[f"score_{point}{suffix}"] for point in SCALE_POINTS}


DRIVER_COUNTS = ("answers", "satisfied", "scored", "score_sum", *(f"score_{point}" for point in SCALE_POINTS))


def driver_day_source(first: date, last: date) -> Source:
    """The answers of the range's reportable responses, filtered through the join (one scan of the range)."""
    start, end = local_bounds(first, last)
    rows = (
        Answer.objects.filter(
            reportable_through("response__"), response__submitted_at__gte=start, response__submitted_at__lt=end
        )
        .exclude(driver="")
        .annotate(day=local_day_of("response__submitted_at"))
        .values("day", "driver", **_key_values("response__"))
        .annotate(
            answers=Count("pk", filter=Q(satisfied__isnull=False)),
            satisfied_count=Count("pk", filter=Q(satisfied=True)),
            scored=Count("score"),
            score_sum=Sum("score"),
            **{f"score_{point}": Count("pk", filter=Q(score=point)) for point in SCALE_POINTS},
        )
        .order_by()
    )
    counts = {name: name for name in DRIVER_COUNTS} | {"satisfied": "satisfied_count"}
    return Source(rows, {**KEY_COLUMNS, "driver": "driver", **counts})


def recompute_survey_days(*, first: date, last: date, run) -> int:
    """Rebuild both survey tables for a range of local days. The caller holds the transaction."""
    in_range = Q(day__range=(first, last))
    written = replace_slice_from(
        model=SurveyMetricDay,
        sources=survey_day_sources(first, last),
        key=KEY,
        counts=COUNTS,
        slice_filter=in_range,
        run=run,
    )
    written += replace_slice_from(
        model=SurveyDriverDay,
        sources=[driver_day_source(first, last)],
        key=DRIVER_KEY,
        counts=DRIVER_COUNTS,
        slice_filter=in_range,
        run=run,
    )
    return written


def changed_survey_days(*, since: datetime) -> set[date]:
    """Local days whose responses (or the compliments on them) changed at or after an instant.

    A response that became spam or was deleted is soft-marked, which moves its updated_at: its day comes back.
    """
    days = set(
        Response.objects.filter(updated_at__gte=since)
        .annotate(day=local_day_of("submitted_at"))
        .values_list("day", flat=True)
        .distinct()
        .order_by()
    )
    days |= set(
        Compliment.objects.filter(confirmed_at__gte=since)
        .annotate(day=local_day_of("response__submitted_at"))
        .values_list("day", flat=True)
        .distinct()
        .order_by()
    )
    return days


def first_survey_day() -> date | None:
    """The earliest local day with anything to report or already reported."""
    candidates = [
        Response.objects.aggregate(first=Min("submitted_at"))["first"],
        LinkViewDay.objects.aggregate(first=Min("day"))["first"],
        SurveyLink.objects.filter(kind=LinkKind.SINGLE_USE).aggregate(first=Min("created_at"))["first"],
        SurveyMetricDay.objects.aggregate(first=Min("day"))["first"],
    ]
    days = [
        value.astimezone(local_zone()).date() if isinstance(value, datetime) else value for value in candidates if value
    ]
    return min(days) if days else None
