"""Reads of residents' responses that are more than a filter, named for what they return, each narrowed by
`org.access.scope` for the person who reads."""

from datetime import date

from django.db.models import Count, Q

from org.access import scope
from serviceculture.dates import local_day_bounds
from surveys.models import Response


def inbox_responses(user):
    """The responses of the inbox's default box (not archived, not spam, not deleted) the person may see."""
    return scope(Response.objects.reportable(), user).filter(archived=False)


def low_response_counts(user, *, since: dict[str, date]) -> dict[str, int]:
    """How many low responses (`Response.objects.with_low_score()`) wait in the person's inbox, submitted from each
    named local day on (e.g. {"week": today - 6 days}). One query."""
    low = inbox_responses(user).with_low_score()
    return low.aggregate(
        **{name: Count("pk", filter=Q(submitted_at__gte=local_day_bounds(day, day)[0])) for name, day in since.items()}
    )


def contact_requests_waiting(user) -> int:
    """Residents who asked to be contacted and have not heard back, as the follow-up list shows them."""
    return scope(Response.objects.follow_ups_due(), user).count()
