"""`manage.py purge_records [--dry-run]`: the nightly purge, by hand. Same code as the Celery task."""

from django.core.management.base import BaseCommand, CommandError

from retention.models import PurgeStatus
from retention.schedule import RULES
from retention.services import purge_records


class Command(BaseCommand):
    help = "Remove or anonymise records past their retention dates (--dry-run: only count them)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what a run would remove; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        run = purge_records(dry_run=dry_run, trigger="command")
        if run.status == PurgeStatus.SKIPPED:
            raise CommandError(run.error)
        verb = "would be removed or anonymised" if dry_run else "removed or anonymised"
        self.stdout.write(f"Purge run {run.pk}{' (dry run)' if dry_run else ''}: records {verb}, per kind")
        for kind, count in run.counts.items():
            rule = RULES[kind]
            self.stdout.write(f"  {kind:<24} {rule.count(count)}")
        self.stdout.write(f"Total: {run.total}; report periods frozen: {run.periods_frozen}")
