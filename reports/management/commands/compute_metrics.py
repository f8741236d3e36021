"""python manage.py compute_metrics [--full] [--since YYYY-MM-DD]: the nightly job, by hand."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.models import MetricsLock, RunStatus
from reports.services import anything_changed_since_last_good_run, break_lock, compute_metrics, lock_holder


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since takes a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Bring the report tables up to date (what changed since the last good run, or everything with --full)."

    def add_arguments(self, parser):
        choice = parser.add_mutually_exclusive_group()
        choice.add_argument("--full", action="store_true", help="Rebuild every report table from the start.")
        choice.add_argument("--since", type=iso_date, help="Recompute every day from this local date (YYYY-MM-DD).")
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="Do nothing (and log no run) when no source row changed since the last good run; seed_demo uses it.",
        )
        parser.add_argument(
            "--break-lock",
            action="store_true",
            dest="break_lock_first",
            help="Free the lock first, whoever holds it. Only after checking that the run holding it is gone.",
        )

    def handle(self, *args, full=False, since=None, if_changed=False, break_lock_first=False, **options):
        if break_lock_first:
            break_lock()
        if if_changed and not anything_changed_since_last_good_run():
            self.stdout.write("Metrics are up to date: nothing changed since the last good run.")
            return
        run = compute_metrics(full=full, since=since)
        if run.status == RunStatus.SKIPPED:
            raise CommandError(refusal(lock_holder()))
        self.stdout.write(self.style.SUCCESS(f"Metrics run {run.pk}: {run.days} days recomputed, {run.rows} rows written."))


def refusal(lock: MetricsLock | None) -> str:
    """Who holds the lock since when, and how to free it if that run is gone."""
    if lock is None:  # released between the refusal and this message
        return "Another metrics run held the lock a moment ago; nothing was done. Try again."
    run_id = lock.holder.partition(":")[0]
    since = timezone.localtime(lock.taken_at).strftime("%Y-%m-%d %H:%M %Z") if lock.taken_at else "an unknown time"
    until = timezone.localtime(lock.expires_at).strftime("%Y-%m-%d %H:%M %Z") if lock.expires_at else "an unknown time"
    return (
        f"Another metrics run is in progress; nothing was done. Metrics run {run_id} holds the lock on host "
        f"{lock.host or 'unknown'} (process {lock.pid or 'unknown'}) since {since}; its lease runs out at {until}. "
        "If that process is gone: on the same host the next run takes the lock over by itself; from another host, "
        "run `python manage.py compute_metrics --break-lock` or delete the lock in admin (Reports > Metrics locks)."
    )
