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
from collections.abc import Mapping
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from redis.exceptions import LockError, RedisError

from org.models import ServicePoint
from serviceculture import short_codes
from serviceculture.cache import counting_redis
from serviceculture.outages import REDIS_CACHE
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


# Link views wait in Redis, one hash per local day (link id -> views), until flush_link_views adds them to
# LinkViewDay: a form view then costs one HINCRBY instead of an UPDATE of the same hot row by every resident of
# a busy poster. A hash being flushed is renamed first, so views counted meanwhile start a new one.
VIEWS_KEY = "surveys:link-views"
FLUSHING_KEY = "surveys:link-views-flushing"
FLUSH_LOCK = "surveys:link-views-flush-lock"


def record_link_view(*, link: SurveyLink) -> None:
    """Count one showing of the form on today's local date: in Redis when it answers, else in the database."""
    day = timezone.localdate()
    redis = counting_redis()
    if redis is not None:
        try:
            redis.hincrby(f"{VIEWS_KEY}:{day.isoformat()}", str(link.pk), 1)
        except RedisError as error:
            REDIS_CACHE.failed(error)
        else:
            return
    _add_views(link_id=link.pk, day=day, views=1)


def _add_views(*, link_id: int, day: date, views: int) -> None:
    """Add to a link's row of a day: an UPDATE, or an INSERT for the first views."""
    if LinkViewDay.objects.filter(link_id=link_id, day=day).update(views=F("views") + views):
        return
    try:
        with transaction.atomic():
            LinkViewDay.objects.create(link_id=link_id, day=day, views=views)
    except IntegrityError:  # another request created the day's row first
        LinkViewDay.objects.filter(link_id=link_id, day=day).update(views=F("views") + views)


def flush_link_views() -> int:
    """Move the views waiting in Redis into LinkViewDay (every minute, and before each metrics run). Returns
    the views moved. One flush at a time (a Redis lock); a hash is deleted only once its views are committed,
    so a failure leaves them for the next flush."""
    redis = counting_redis()
    if redis is None:
        return 0
    moved = 0
    try:
        with redis.lock(FLUSH_LOCK, timeout=300, blocking_timeout=30):
            for key in set(redis.scan_iter(match=f"{VIEWS_KEY}:*")):  # SCAN may name a key twice
                day = key.decode().rpartition(":")[2]
                redis.rename(key, f"{FLUSHING_KEY}:{day}:{secrets.token_hex(4)}")
            for key in set(redis.scan_iter(match=f"{FLUSHING_KEY}:*")):
                moved += _flush_day(date.fromisoformat(key.decode().split(":")[2]), redis.hgetall(key))
                redis.delete(key)
    except LockError:  # another flush held the lock throughout: it moves the views
        pass
    except RedisError as error:
        REDIS_CACHE.failed(error)
    return moved


def _flush_day(day: date, counts: Mapping[bytes | str, bytes | str]) -> int:
    views = {int(link_id): int(count) for link_id, count in counts.items()}
    existing = set(SurveyLink.objects.filter(pk__in=views).values_list("pk", flat=True))  # a link may be deleted
    with transaction.atomic():
        for link_id in sorted(existing):
            _add_views(link_id=link_id, day=day, views=views[link_id])
    return sum(views[link_id] for link_id in existing)
