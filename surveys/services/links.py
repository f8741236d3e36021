"""Links to a survey: issuing them (open, or single-use in batches) and counting the form's views per day.

Rules for short codes (the address a resident types from a poster, /s/K7QM):
- Only open links get one. A single-use link is an invitation for one person; a code short enough to type is
  short enough to guess, so those keep only their 192-bit token.
- CODE_LENGTH characters from CODE_ALPHABET (serviceculture/short_codes.py, shared with workshop join codes),
  which leaves out 0/O, 1/I/L (and lower case): nothing a resident can misread from paper.
- Unique. A resident's typing is read case-insensitively (codes are stored in capitals, typing is upper-cased);
  a code never issued is a 404.
"""

import secrets

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import ServicePoint
from serviceculture import short_codes
from surveys.models import LinkKind, LinkViewDay, Survey, SurveyLink

MAX_LINKS_PER_BATCH = 5000
CODE_ALPHABET = short_codes.ALPHABET
CODE_LENGTH = short_codes.LENGTH
# Attempts at drawing a code nobody holds; with few thousand open links among 31**4 = 923,521 codes the first
# attempt nearly always succeeds.
CODE_ATTEMPTS = 20


def new_token() -> str:
    """192 random bits, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


def new_code() -> str:
    return short_codes.draw(CODE_LENGTH)


def free_code() -> str:
    """A code no link holds yet (a simultaneous issuer can still take it first: create_links retries then)."""
    for _attempt in range(CODE_ATTEMPTS):
        code = new_code()
        if not SurveyLink.objects.filter(code=code).exists():
            return code
    raise ValidationError(_("No free short code could be found. Please try again."))


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
    if kind != LinkKind.OPEN:
        return SurveyLink.objects.bulk_create(links)
    attempts = 0
    while True:
        for link in links:
            link.code = free_code()
        try:
            with transaction.atomic():
                return SurveyLink.objects.bulk_create(links)
        except IntegrityError:  # another issuer took one of the codes between the check and the insert
            attempts += 1
            if attempts >= CODE_ATTEMPTS:
                raise


def find_by_code(typed: str) -> SurveyLink | None:
    """The active open link a resident's typed code names, whatever its case; None for any other text."""
    code = short_codes.normalise(typed)
    if not short_codes.is_well_formed(code):
        return None
    return SurveyLink.objects.filter(code=code, kind=LinkKind.OPEN, active=True).first()


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
