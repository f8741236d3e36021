"""Reads of residents' responses that are more than a filter, named for what they return, each narrowed by
`org.access.scope` for the person who reads (or, for a system on the API, by its token's service points)."""

from datetime import date

from django.db.models import Count, Prefetch, Q

from accounts.models import ApiToken
from org.access import scope
from org.models import ServicePoint
from serviceculture.dates import local_day_bounds
from surveys.models import Answer, Response


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


def responses_for_token(
    token: ApiToken, *, since: date | None = None, until: date | None = None, service_point: ServicePoint | None = None
):
    """The responses that count given at the API token's service points (or at the one named, which must be one
    of them), submitted from `since` to `until` (local days, both included), oldest first, answers prefetched in
    question order."""
    responses = Response.objects.reportable().filter(service_point__in=token.service_points.all())
    if service_point is not None:
        responses = responses.filter(service_point=service_point)
    if since is not None:
        responses = responses.filter(submitted_at__gte=local_day_bounds(since, since)[0])
    if until is not None:
        responses = responses.filter(submitted_at__lt=local_day_bounds(until, until)[1])
    answers = Answer.objects.select_related("question").order_by("question__order", "pk")
    return (
        responses.select_related("survey", "service_point", "department")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("submitted_at", "pk")
    )
