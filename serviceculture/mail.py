"""Outgoing mail that is never lost: claim the row with a lease, send, then record that it was sent.

A row that owes one email carries two facts about it: `sent_at`, written once the mail server has
accepted the message, and `sending_until`, the lease of the worker sending it right now. The rules:

- Claim: one conditional UPDATE takes the row only when it is not sent and not under a live lease, and
  sets the lease to now + EMAIL_LEASE_SECONDS. Two workers (a redelivered task, the periodic job, two beat
  schedulers) can never hold the same row at once.
- Success writes `sent_at` and clears the lease in one UPDATE. Only then may a page say "sent".
- Failure (the mail server refused, the network dropped, a time limit) releases the lease at once, so the
  task's retry or the periodic job may claim the row again.
- A worker killed mid-send (SIGKILL, out of memory, a lost machine) releases nothing: its lease runs out by
  itself and the periodic job claims the row afterwards.
- A worker releases only its own lease: one so slow that its lease ran out and another worker claimed the
  row can never free that worker's lease for a third. (EMAIL_TIMEOUT bounds each step of the SMTP
  conversation, not the whole of it; the default lease, ten timeouts, outlasts a conversation that is slow
  at every step. A sender overtaken all the same costs a duplicate email, never a lost one.)

Callers must not hold a transaction open around `send_once`: the claim has to be committed before the
message goes out, or a second worker could not see it.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone


def lease_length() -> timedelta:
    return timedelta(seconds=settings.EMAIL_LEASE_SECONDS)


def not_claimed(rows: QuerySet[Any], *, sent: str, lease: str) -> QuerySet[Any]:
    """The rows that still owe their email and that no live worker is sending."""
    free = Q(**{f"{lease}__isnull": True}) | Q(**{f"{lease}__lte": timezone.now()})
    return rows.filter(free, **{f"{sent}__isnull": True})


def claim(rows: QuerySet[Any], *, sent: str, lease: str) -> datetime | None:
    """Take the lease on the row of `rows` (one row): the lease's end, or None when the row is sent or someone
    else holds it."""
    until = timezone.now() + lease_length()
    return until if not_claimed(rows, sent=sent, lease=lease).update(**{lease: until}) else None


def release(rows: QuerySet[Any], *, lease: str, until: datetime) -> None:
    """Give the row back, if the lease that ends at `until` (ours) is still the one on it."""
    rows.filter(**{lease: until}).update(**{lease: None})


def record_sent(rows: QuerySet[Any], *, sent: str, lease: str) -> None:
    rows.update(**{sent: timezone.now(), lease: None})


def send_once(rows: QuerySet[Any], *, sent: str, lease: str, send: Callable[[], bool]) -> bool:
    """Claim the one row of `rows` (filtered by its pk and by whatever makes it still owe the email), call
    `send` (True when a message went out, False when there was nobody to send it to), and record the
    outcome. Returns whether this call sent the email."""
    pks = list(rows.values_list("pk", flat=True))
    until = claim(rows, sent=sent, lease=lease) if len(pks) == 1 else None
    if until is None:
        return False
    # `rows` no longer matches once claimed (its lease is live): the outcome is written on the row itself.
    rows = rows.model._base_manager.filter(pk=pks[0])
    try:
        delivered = send()
    except BaseException:  # also a soft time limit or a warm shutdown: give the row back, then let it rise
        release(rows, lease=lease, until=until)
        raise
    if not delivered:
        # Nothing was sent, so nothing may say it was: the row waits for an address to appear.
        release(rows, lease=lease, until=until)
        return False
    # A duplicate email is possible only here: when the worker dies after the mail server accepted the
    # message and before the UPDATE below commits, the lease runs out and the periodic job sends it again.
    # Any crash earlier loses nothing and sends nothing twice; no crash later can resend it.
    record_sent(rows, sent=sent, lease=lease)
    return True
