"""python manage.py mask_old_comments [--batch-size N] [--dry-run]: mask the personal data in residents'
comments stored before submission masked them (surveys/masking.py), in batches of one transaction each.

Safe to run again at any time (after a change to the masking rules, or after a run that was stopped): text
already masked is left as it is. It logs and prints counts only, never a comment."""

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from surveys.services.responses import mask_stored_comments

log = logging.getLogger("surveys.masking")


class Command(BaseCommand):
    help = (
        "Mask email addresses, phone numbers and SSN-shaped identifiers in stored comments, as submission does. "
        "Batched and idempotent; prints counts only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Answers per transaction (default 500).")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be masked; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size = max(1, options["batch_size"])
        read = masked = marked = batches = 0
        after = 0
        while True:
            batch = mask_stored_comments(after_pk=after, batch_size=batch_size, dry_run=options["dry_run"])
            if batch.last_pk is None:
                break
            after = batch.last_pk
            batches += 1
            read += batch.answers_read
            masked += batch.answers_masked
            marked += batch.responses_marked
            log.info(
                "mask_old_comments: batch %s, %s answers read, %s masked",
                batches,
                batch.answers_read,
                batch.answers_masked,
            )
        summary = f"{read} comments read, {masked} masked, {marked} responses newly marked, in {batches} batches"
        if options["dry_run"]:
            summary += " (dry run: nothing was written)"
        log.info("mask_old_comments: %s", summary)
        self.stdout.write(self.style.SUCCESS(summary + "."))
