"""python manage.py import_employees FILE [--dry-run] [--departments] [--keep-absent]: the nightly sync from a
file drop, through the same code as the import pages. Exits non-zero when the file cannot be read or has row
errors, and then writes nothing."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.importing import apply_import, preview_import
from accounts.importing.plan import Plan
from accounts.models import ImportKind


class Command(BaseCommand):
    help = (
        "Import employees (or, with --departments, departments) from a CSV or XLSX export of the HR system. "
        "The employee number (department code) is the key; by default active employees (departments) absent from "
        "the file are deactivated. Prints the plan and any row errors; exits 1 on errors, writing nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV or XLSX file.")
        parser.add_argument("--dry-run", action="store_true", help="Print what would change; write nothing.")
        parser.add_argument("--departments", action="store_true", help="The file holds departments, not employees.")
        parser.add_argument(
            "--keep-absent",
            action="store_true",
            help="The file lists only some people: do not deactivate those absent from it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        kind = ImportKind.DEPARTMENTS if options["departments"] else ImportKind.EMPLOYEES
        deactivate_absent = not options["keep_absent"]
        try:
            plan = preview_import(kind=kind, content=content, deactivate_absent=deactivate_absent)
            self.print_plan(plan)
            if plan.has_errors:
                raise CommandError(f"{len(plan.errors)} row errors: nothing was imported.")
            if options["dry_run"]:
                self.stdout.write("Dry run: nothing was written.")
                return
            apply_import(
                kind=kind,
                content=content,
                deactivate_absent=deactivate_absent,
                by=None,
                source=f"{path.name} (import_employees)",
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name}."))

    def print_plan(self, plan: Plan) -> None:
        counts = plan.counts()
        self.stdout.write(", ".join(f"{name.replace('_', ' ')}: {value}" for name, value in counts.items()))
        for entry in plan.deactivate:
            self.stdout.write(f"  deactivate {entry.key} {entry.name}")
        for error in plan.errors:
            where = f"row {error.row} ({error.key})" if error.row else "the file as a whole"
            self.stderr.write(f"{where}: {error.message}")
