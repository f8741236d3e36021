"""Redis (the cache and the Celery broker) may be down; a resident's submission and staff pages never depend on it.

An `Outage` tracks one such dependency in one process:

- the first failure logs one warning ("... is unreachable ...") and starts a short pause during which callers
  do not even try it, so a stopped or black-holed server costs a request nothing (or one bounded timeout per
  pause per process, when the pause ends and the next caller tries again);
- further failures during the same outage log nothing (a busy site would otherwise write one line a request);
- the first success after an outage logs one line that it is back.

So each process logs an outage twice: when it begins and when it ends. The state is per process on purpose:
nothing shared (Redis itself least of all) is needed to know that Redis is down.
"""

import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

from celery import Task

log = logging.getLogger("serviceculture.outages")

# How long callers skip a dependency after it failed. Short enough that a Redis restart is noticed within
# seconds, long enough that a stopped Redis is tried a few times a minute per process, not on every request.
PAUSE_SECONDS = 5.0


class Outage:
    """Whether one dependency is currently down in this process, with the log lines of its outages."""

    def __init__(self, name: str, *, consequence: str, pause_seconds: float = PAUSE_SECONDS) -> None:
        self.name = name
        self.consequence = consequence
        self.pause_seconds = pause_seconds
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0

    def forget(self) -> None:
        """Start afresh, as a new process does (the tests do it between cases)."""
        with self._lock:
            self._down_since = None
            self._retry_at = 0.0

    @property
    def is_down(self) -> bool:
        return self._down_since is not None

    def should_try(self) -> bool:
        """False while the pause after a failure runs; then one caller at a time may try again."""
        with self._lock:
            if self._down_since is None:
                return True
            now = time.monotonic()
            if now < self._retry_at:
                return False
            self._retry_at = now + self.pause_seconds  # the callers after this one wait for its answer
            return True

    def failed(self, error: BaseException) -> None:
        with self._lock:
            self._retry_at = time.monotonic() + self.pause_seconds
            if self._down_since is not None:
                return
            self._down_since = time.monotonic()
        log.warning("%s is unreachable (%s); %s. Logged once until it is back.", self.name, error, self.consequence)

    def succeeded(self) -> None:
        if self._down_since is None:  # the common case, without taking the lock
            return
        with self._lock:
            if self._down_since is None:
                return
            seconds = time.monotonic() - self._down_since
            self._down_since = None
        log.warning("%s is back after %.0f s.", self.name, seconds)


REDIS_CACHE = Outage(
    "The Redis cache",
    consequence="rate limits count in this process's memory meanwhile",
)
BROKER = Outage(
    "The Celery broker",
    consequence="tasks are not queued meanwhile; the periodic jobs send what they find unsent",
)


def queue_task(task: Task[Any, Any], *, args: Sequence[Any]) -> bool:
    """Hand a task to the broker once, without retrying; False when the broker is down (logged once an outage).

    Callers must have a periodic job that finds the work again (surveys-resend-contact-emails does for the
    contact email): a resident's request never waits for the broker. How long one attempt may take is bounded
    in settings (CELERY_BROKER_TRANSPORT_OPTIONS).
    """
    if not BROKER.should_try():
        return False
    try:
        task.apply_async(args=tuple(args), retry=False)
    except Exception as error:  # noqa: BLE001  (kombu raises its own, redis's and socket errors alike: all mean "not queued")
        BROKER.failed(error)
        return False
    BROKER.succeeded()
    return True
