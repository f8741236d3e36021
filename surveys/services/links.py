"""Links to a survey: issuing them (open, or single-use in batches) and counting the form's views per day."""

import secrets

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import ServicePoint
from surveys.models import LinkKind, LinkViewDay, Survey, SurveyLink

MAX_LINKS_PER_BATCH = 5000


def new_token() -> str:
    """192 random bits, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


@transaction.atomic
def create_links(
    *,
    survey: Survey,
    service_point: ServicePoint,
    by: User | None,
    kind: str = LinkKind.OPEN,
    count: int = 1,
    label: str = "",
    channel: str = "",
) -> list[SurveyLink]:
    if not 1 <= count <= MAX_LINKS_PER_BATCH:
        limit = {"limit": MAX_LINKS_PER_BATCH}
        raise ValidationError({"count": _("Make between 1 and %(limit)s links at a time.") % limit})
    links = [
        SurveyLink(
            token=new_token(),
            survey=survey,
            service_point=service_point,
            kind=kind,
            label=label,
            channel=channel,
            created_by=by,
        )
        for _index in range(count)
    ]
    return SurveyLink.objects.bulk_create(links)


def record_link_view(*, link: SurveyLink) -> None:
    """Count one showing of the form on today's local date: an UPDATE, or an INSERT for the first view."""
    day = timezone.localdate()
    if LinkViewDay.objects.filter(link=link, day=day).update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            LinkViewDay.objects.create(link=link, day=day, views=1)
    except IntegrityError:  # another request created today's row first
        LinkViewDay.objects.filter(link=link, day=day).update(views=F("views") + 1)
