"""python manage.py compute_metrics [--full] [--since YYYY-MM-DD]: the nightly job, by hand."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reports.models import RunStatus
from reports.services import anything_changed_since_last_good_run, break_lock, compute_metrics


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
            raise CommandError(
                f"Another metrics run is in progress; nothing was done. {run.error} If that process is gone: on the "
                "same host the next run takes the lock over by itself; from another host, run "
                "`python manage.py compute_metrics --break-lock` or delete the lock in admin (Reports > Metrics locks)."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Metrics run {run.pk}: {run.days} days recomputed, {run.rows} rows written.")
        )
