"""The nightly metrics job: which slices to recompute, the lock that keeps runs apart, and the run log.

Every slice (a range of days, a month range, a cycle, a quarter) is rebuilt in its own transaction, so a
run killed half way leaves each slice either as the last good run left it or fully rebuilt. A killed run
never becomes "succeeded", so the next run measures changes from the same last good run and repairs it.
"""

import logging
import os
import socket
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from evaluations.models import Cycle
from org.models import Department, ServicePoint
from reports.models import (
    EvaluationMetric,
    MetricsLock,
    MetricsRun,
    RunStatus,
    StandardCompliance,
    SurveyDriverDay,
    SurveyMetricDay,
    TrainingMetricMonth,
)
from reports.periods import contiguous_ranges, month_start, months_between, quarter_start
from reports.services import evaluation_metrics, freeze, standard_metrics, survey_metrics, training_metrics
from serviceculture.dates import add_months, local_today
from surveys.models import Survey
from surveys.services.links import flush_link_views

log = logging.getLogger(__name__)

LOCK_NAME = "compute_metrics"


# --- the lock -----------------------------------------------------------------------------------------


def lock_lease() -> timedelta:
    """Longer than any live run can hold it between renewals: the task's hard time limit."""
    return timedelta(seconds=settings.METRICS_TIME_LIMIT_SECONDS)


def acquire_lock(holder: str) -> bool:
    """Take the lease if it is free, has run out, or its holder is a dead process on this host.

    One conditional UPDATE decides, so two runs cannot both win: it names the holder it saw, and only one
    UPDATE can still find that holder in the row. Taking over from a run that never let go marks that run
    killed, with the reason, in the same transaction.
    """
    MetricsLock.objects.get_or_create(name=LOCK_NAME)
    for _attempt in range(3):  # the row changed between reading and writing it: look again
        seen = MetricsLock.objects.get(name=LOCK_NAME)
        now = timezone.now()
        reason = _why_free(seen, now)
        if reason is None:
            return False
        with transaction.atomic():
            taken = MetricsLock.objects.filter(
                name=LOCK_NAME, holder=seen.holder, pid=seen.pid, expires_at=seen.expires_at
            ).update(
                holder=holder, host=socket.gethostname(), pid=os.getpid(), taken_at=now, expires_at=now + lock_lease()
            )
            if taken and seen.holder:
                mark_killed(holder=seen.holder, reason=f"{reason} when {_run_name(holder)} took the lock over.")
        if taken:
            return True
    return False


def _why_free(lock: MetricsLock, now: datetime) -> str | None:
    """Why the lock may be taken ("" when nobody holds it), or None while its holder may still be running."""
    if not lock.holder:
        return ""
    who = f"process {lock.pid or 'unknown'} on host {lock.host or 'unknown'}"
    if lock.expires_at is not None and lock.expires_at < now:
        until = timezone.localtime(lock.expires_at).strftime("%Y-%m-%d %H:%M:%S %Z")
        return f"The lease of {who} ran out at {until} without renewal"
    if lock.host == socket.gethostname() and lock.pid is not None and not process_exists(lock.pid):
        return f"{who.capitalize()} was gone"
    return None


def _run_name(holder: str) -> str:
    run_id = holder.partition(":")[0]
    return f"run #{run_id}" if run_id.isdigit() else f"the holder {holder!r}"


def mark_killed(*, holder: str, reason: str) -> None:
    """Mark the run that held the lock as killed: it never logged its end, and now never will."""
    run_id = holder.partition(":")[0]
    if not run_id.isdigit():
        return
    marked = MetricsRun.objects.filter(pk=int(run_id), status=RunStatus.RUNNING).update(
        status=RunStatus.KILLED, finished_at=timezone.now(), error=reason
    )
    if marked:
        log.warning("metrics run %s marked killed: %s", run_id, reason)


def process_exists(pid: int) -> bool:
    """Whether a process with this id runs here. Signal 0 checks without sending anything."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


class LockLost(RuntimeError):
    """Another run took the lock over (this one's lease ran out, or a person broke the lock): stop writing."""


def renew_lock(holder: str) -> None:
    """Extend the lease after each step; a run that no longer holds the lock stops rather than overlap."""
    if not MetricsLock.objects.filter(name=LOCK_NAME, holder=holder).update(expires_at=timezone.now() + lock_lease()):
        raise LockLost("Another run took the metrics lock over while this one was running; it stopped.")


def release_lock(holder: str) -> None:
    MetricsLock.objects.filter(name=LOCK_NAME, holder=holder).update(
        holder="", host="", pid=None, taken_at=None, expires_at=None
    )


def break_lock(*, by: User | None = None) -> None:
    """Free the lock whoever holds it: for a run killed on another host, once a person has checked it is gone.

    The run that held it is marked killed, naming who broke the lock: `by` in admin, or the command's option.
    """
    breaker = f"{by} (deleting the lock in admin)" if by else "compute_metrics --break-lock"
    with transaction.atomic():
        lock = MetricsLock.objects.select_for_update().filter(name=LOCK_NAME).exclude(holder="").first()
        if lock is None:
            return
        MetricsLock.objects.filter(pk=lock.pk).update(holder="", host="", pid=None, taken_at=None, expires_at=None)
        mark_killed(
            holder=lock.holder,
            reason=f"Process {lock.pid or 'unknown'} on host {lock.host or 'unknown'} still held the lock when "
            f"{breaker} broke it.",
        )


def lock_holder() -> MetricsLock | None:
    """The lock row while someone holds it, to say who in a refusal."""
    return MetricsLock.objects.filter(name=LOCK_NAME).exclude(holder="").first()


# --- what to recompute --------------------------------------------------------------------------------


# Each slice of days is one transaction and one pass over the answers table: its join with the slice's responses
# reads the whole table whatever the slice's length. A full rebuild in month slices read it 24 times for two
# years; in slices of three years it reads it once or twice, as the hand-written floor of `make bench` does,
# and a slice's transaction stays well under a minute at a million responses.
DAYS_PER_SLICE = 3 * 366


@dataclass
class Plan:
    day_ranges: list[tuple[date, date]] = field(default_factory=list)
    month_ranges: list[tuple[date, date]] = field(default_factory=list)
    quarters: set[date] = field(default_factory=set)

    @property
    def days(self) -> int:
        return sum((last - first).days + 1 for first, last in self.day_ranges)


def _every_day_from(first: date | None, today: date) -> list[date]:
    if first is None or first > today:
        return []
    return [first + timedelta(days=offset) for offset in range((today - first).days + 1)]


def plan_run(*, full: bool, since: date | None, changed_since: datetime | None, today: date) -> Plan:
    """The slices a run recomputes.

    - full (or no good run yet): everything from the first day with data (or already reported) to today;
    - since: every day from that date to today;
    - otherwise: the days whose source rows changed since the last good run started, plus every day a link
      view may have been counted on since then (see _link_view_days), and the months and quarters they touch.

    Periods the retention purge froze (reports/services/freeze.py) are left out in every case: their rows stay
    as they were computed, since the source rows behind them are gone.
    """
    if full or (since is None and changed_since is None):
        days = _every_day_from(survey_metrics.first_survey_day(), today)
        first_month = training_metrics.first_training_month()
        quarters = set(_quarters_from(standard_metrics.first_quarter(), today))
    elif since is not None:
        days = _every_day_from(since, today)
        first_month = month_start(since)
        quarters = set()
    else:
        assert changed_since is not None  # the first branch took the case of neither
        days = sorted(
            survey_metrics.changed_survey_days(since=changed_since) | set(_link_view_days(changed_since, today))
        )
        changed_months = training_metrics.changed_training_months(since=changed_since)
        first_month = min(changed_months | {add_months(month_start(today), -1)})
        quarters = standard_metrics.changed_figure_quarters(since=changed_since)
    quarters |= standard_metrics.quarters_of(days) | {quarter_start(today)}
    frozen_days, frozen_months = freeze.frozen_survey_days(), freeze.frozen_training_months()
    months = (
        [month for month in months_between(first_month, today) if month not in frozen_months] if first_month else []
    )
    return Plan(
        day_ranges=contiguous_ranges((day for day in days if day not in frozen_days), longest=DAYS_PER_SLICE),
        month_ranges=_month_ranges(months),
        quarters=quarters - freeze.frozen_quarters(),
    )


def _month_ranges(months: list[date]) -> list[tuple[date, date]]:
    """Sorted first days of months grouped into runs of consecutive months (a frozen month splits a run)."""
    ranges: list[tuple[date, date]] = []
    for month in months:
        if ranges and add_months(ranges[-1][1], 1) == month:
            ranges[-1] = (ranges[-1][0], month)
        else:
            ranges.append((month, month))
    return ranges


def _link_view_days(changed_since: datetime, today: date) -> list[date]:
    """The days whose link view counts may have grown since the last good run started.

    Link view rows have no updated_at: the surveys app only ever adds to the row of the local day the view
    happens on. So every day from the local date the last good run started is enough, however many nightly
    runs were missed; METRICS_LATE_DAYS widens it further for safety (a clock or time zone change).
    """
    started = timezone.localtime(changed_since).date()
    return _every_day_from(min(started, today - timedelta(days=settings.METRICS_LATE_DAYS)), today)


def _quarters_from(first: date | None, today: date) -> list[date]:
    quarters = []
    current = first
    while current is not None and current <= today:
        quarters.append(current)
        current = add_months(current, 3)
    return quarters


# --- the run ------------------------------------------------------------------------------------------


def compute_metrics(*, full: bool = False, since: date | None = None) -> MetricsRun:
    """Bring every report table up to date; the nightly task and `manage.py compute_metrics` call this.

    Returns the logged run. If another run holds the lock, this one is logged as skipped (with who holds the
    lock in its error field) and does nothing.
    """
    last_good = MetricsRun.objects.last_good()
    run = MetricsRun.objects.create(started_at=timezone.now(), full=full, since=since)
    holder = f"{run.pk}:{uuid.uuid4().hex}"
    if not acquire_lock(holder):
        held = lock_holder()
        run.error = held.describe() if held else "Another run held the lock a moment ago."
        return _finish(run, RunStatus.SKIPPED)
    try:
        flush_link_views()  # the views still waiting in Redis belong to the days this run reads
        today = local_today()
        plan = plan_run(full=full, since=since, changed_since=last_good.started_at if last_good else None, today=today)
        run.days = plan.days
        run.rows = _execute(plan, run=run, today=today, holder=holder)
        if full:
            _analyse_what_dashboards_read()
        kept = freeze.frozen_summary()
        run.frozen_periods, run.frozen_rows = kept.periods, kept.rows
    except Exception:
        run.error = traceback.format_exc()
        _finish(run, RunStatus.FAILED)
        raise
    finally:
        release_lock(holder)
    return _finish(run, RunStatus.SUCCEEDED)


def _execute(plan: Plan, *, run: MetricsRun, today: date, holder: str) -> int:
    rows = 0
    for first, last in plan.day_ranges:
        with transaction.atomic():
            rows += survey_metrics.recompute_survey_days(first=first, last=last, run=run)
        renew_lock(holder)
    for first_month, last_month in plan.month_ranges:
        with transaction.atomic():
            rows += training_metrics.recompute_training_months(first=first_month, last=last_month, today=today, run=run)
        renew_lock(holder)
    # Evaluation metrics are a few rows per cycle and depend on workflow states without a day: all cycles, every
    # run, but those the retention purge froze.
    for cycle in Cycle.objects.exclude(pk__in=freeze.frozen_cycle_ids()):
        with transaction.atomic():
            rows += evaluation_metrics.recompute_cycle(cycle=cycle, run=run)
        renew_lock(holder)
    for quarter in sorted(plan.quarters):
        with transaction.atomic():
            rows += standard_metrics.recompute_quarter(quarter=quarter, run=run)
        renew_lock(holder)
    return rows


# The report tables a full run rewrites, and the small tables the dashboards join them with.
DASHBOARD_TABLES = (SurveyMetricDay, SurveyDriverDay, TrainingMetricMonth, EvaluationMetric, StandardCompliance,
                    Survey, Department, ServicePoint)  # fmt: skip


def _analyse_what_dashboards_read() -> None:
    """Refresh PostgreSQL's statistics of the tables the dashboards read, so the morning's pages are planned for
    what the night wrote. Autovacuum would get there, but not at once, and never for a table of a few dozen
    rows (the surveys): guessing one survey where there are four, PostgreSQL sorted a month of report rows
    where hashing them takes half the time."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(model._meta.db_table for model in DASHBOARD_TABLES))


def _finish(run: MetricsRun, status: str) -> MetricsRun:
    """Log how the run ended, unless the run that took its lock over has already marked it killed: that
    record, with its reason, stays."""
    finished = MetricsRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        status=status,
        finished_at=timezone.now(),
        days=run.days,
        rows=run.rows,
        error=run.error,
        frozen_periods=run.frozen_periods,
        frozen_rows=run.frozen_rows,
    )
    run.refresh_from_db()
    if finished:
        log.info(
            "metrics run %s %s: %s days, %s rows; %s frozen periods (%s rows) kept as they were",
            run.pk,
            status,
            run.days,
            run.rows,
            run.frozen_periods,
            run.frozen_rows,
        )
    return run


def anything_changed_since_last_good_run() -> bool:
    """Whether a run would find work: no good run yet, or a source row stamped after the last one began."""
    last_good = MetricsRun.objects.last_good()
    if last_good is None:
        return True
    since = last_good.started_at
    return (
        bool(survey_metrics.changed_survey_days(since=since))
        or bool(training_metrics.changed_training_months(since=since))
        or bool(standard_metrics.changed_figure_quarters(since=since))
        or evaluation_metrics.changed_since(since=since)
    )


def data_as_of() -> datetime | None:
    """When the data on the dashboards was last brought up to date (the start of the last good run)."""
    last_good = MetricsRun.objects.last_good()
    return last_good.started_at if last_good else None
