"""Links from a dashboard figure to the responses behind it, in the response inbox.

A dashboard figure counts residents' reportable responses of a department subtree over the period's local days
(reports.services.survey_metrics). Its link asks the inbox for the same responses:

- `box=counted`: spam left out, archived responses kept (reports count them);
- `audience=residents` (surveys.audiences.answered_by_residents): internal-customer surveys never count;
- `department` (the subtree), `submitted_from` and `submitted_to` (local days, both included);
- and what the row adds: a channel, a service point, a sub-department, follow-up requests, or a driver's
  answers (`driver_<driver>=answered`, the answers a driver's share rests on; `satisfied`, `not_satisfied` or
  `low` for a part of them).

The inbox reads the responses as they are now and the dashboard the report tables of the last metrics run,
so the two agree once the nightly job has run (the dashboard says "Data as of").
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from surveys.filters import driver_filter_name
from surveys.models import Audience


@dataclass(frozen=True)
class InboxLinks:
    department_id: int
    start: date
    end: date

    def url(self, *, driver: str = "", verdict: str = "answered", **filters: object) -> str:
        """The inbox's address for the figure's responses; `filters` are further inbox filters."""
        params: dict[str, object] = {
            "box": "counted",
            "audience": Audience.RESIDENTS.value,
            "department": self.department_id,
            "submitted_from": self.start.isoformat(),
            "submitted_to": self.end.isoformat(),
            **filters,
        }
        if driver:
            params[driver_filter_name(driver)] = verdict
        return f"{reverse('surveys:inbox')}?{urlencode(params)}"
