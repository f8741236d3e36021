"""Dates in the jurisdiction's time zone, the one place every app takes them from.

"Today" is the local calendar day of settings.TIME_ZONE (a report's day, a follow-up's due date), never the
server's UTC date. Month arithmetic keeps the day of the month where it can and falls back to the month's last
day where it cannot (31 January plus one month is 28 or 29 February), so on the first of a month it gives the
first of the month again, which is what the report periods rely on.
"""

import calendar
from datetime import date, datetime, time, timedelta

from django.utils import timezone


def local_today() -> date:
    return timezone.localdate()


def local_day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The aware instants [start 00:00, the day after end 00:00) in the local time zone."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(day: date, days: int) -> date:
    """The day `days` working days (Monday to Friday) after `day`: from a Friday, one working day is the Monday;
    from a Saturday or Sunday, one is the Monday too. Public holidays are not known here and count as working."""
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day
