"""Telling heads that a published standard was missed for a quarter (the alert itself: surveys/alerts.py).

A standard is missed for a quarter once the quarter is over and the nightly job's figure for it says "not met"
(`StandardCompliance.met` is False; a quarter with nothing to measure is not a miss). The nightly task asks
after each run about the last finished quarter, so a late answer that changes the verdict in the first days
of the next quarter is still heard; an alert already raised is never raised again (its unique constraint).
"""

from datetime import date

from reports.models import StandardCompliance
from reports.periods import quarter_start
from serviceculture.dates import add_months, local_today
from surveys.alerts import raise_standard_alerts


def alert_missed_standards(*, today: date | None = None) -> list[int]:
    """Raise the alerts of the standards missed in the last finished quarter; returns the ids of the immediate
    alerts to send."""
    quarter = add_months(quarter_start(today or local_today()), -3)
    missed = StandardCompliance.objects.filter(
        quarter=quarter, met=False, standard__published=True, standard__department__active=True
    ).select_related("standard__department")
    return [pk for row in missed for pk in raise_standard_alerts(standard=row.standard, quarter=quarter)]
