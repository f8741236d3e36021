"""Calendar arithmetic for reports: local days, months, quarters, fiscal years and dashboard periods.

"A day" is a local calendar day in settings.TIME_ZONE; every function here takes and returns dates.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from serviceculture.dates import add_months


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(start: date) -> date:
    return add_months(start, 3) - timedelta(days=1)


def quarter_label(start: date) -> str:
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def fiscal_year_of(day: date) -> int:
    """Fiscal years are named by the calendar year they end in (FY2027 starts in July 2026 by default)."""
    start_month = settings.FISCAL_YEAR_START_MONTH
    if start_month == 1:
        return day.year
    return day.year + 1 if day.month >= start_month else day.year


def fiscal_quarter_of(day: date) -> int:
    """The quarter (1-4) of its fiscal year a day falls in, counted in three-month steps from the fiscal year's
    first month (with FISCAL_YEAR_START_MONTH 10, as the federal government, 1 October starts quarter 1)."""
    return (day.month - settings.FISCAL_YEAR_START_MONTH) % 12 // 3 + 1


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    start_month = settings.FISCAL_YEAR_START_MONTH
    start = date(year if start_month == 1 else year - 1, start_month, 1)
    return start, add_months(start, 12) - timedelta(days=1)


def months_between(first: date, last: date) -> Iterator[date]:
    current = month_start(first)
    while current <= last:
        yield current
        current = next_month(current)


def contiguous_ranges(days: Iterable[date], *, longest: int = 31) -> list[tuple[date, date]]:
    """Sorted days grouped into runs of consecutive days, none longer than `longest` days."""
    ranges: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if ranges and day == ranges[-1][1] + timedelta(days=1) and (day - ranges[-1][0]).days < longest:
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


@dataclass(frozen=True)
class Period:
    """A dashboard period: inclusive local dates, and the same length just before it for comparison."""

    key: str
    label: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        end = self.start - timedelta(days=1)
        return Period(
            key=f"before-{self.key}", label=_("previous period"), start=end - timedelta(days=self.days - 1), end=end
        )


ROLLING_PERIODS = {"30d": 30, "90d": 90, "365d": 365}


def period_choices(today: date) -> list[tuple[str, str]]:
    """What the period filter offers: rolling windows, the last five quarters, the last three fiscal years."""
    choices = [(key, _("Last %(days)s days") % {"days": days}) for key, days in ROLLING_PERIODS.items()]
    quarter = quarter_start(today)
    for _index in range(5):
        choices.append((f"q{quarter.isoformat()}", _("Quarter %(label)s") % {"label": quarter_label(quarter)}))
        quarter = add_months(quarter, -3)
    year = fiscal_year_of(today)
    for fiscal_year in range(year, year - 3, -1):
        choices.append((f"fy{fiscal_year}", _("Fiscal year %(year)s") % {"year": fiscal_year}))
    return choices


def parse_period(key: str, today: date) -> Period:
    """The period a filter key names; anything unknown falls back to the last 90 days."""
    labels = dict(period_choices(today))
    if key in ROLLING_PERIODS:
        return Period(key, labels[key], today - timedelta(days=ROLLING_PERIODS[key] - 1), today)
    if key in labels and key.startswith("q"):
        start = date.fromisoformat(key[1:])
        return Period(key, labels[key], start, quarter_end(start))
    if key in labels and key.startswith("fy"):
        start, end = fiscal_year_bounds(int(key[2:]))
        return Period(key, labels[key], start, end)
    return parse_period("90d", today)
