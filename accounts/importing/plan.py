"""What an import would do, in words a person checks before confirming: the plan and its row errors.

A plan is computed from the file and the database and nothing else, so computing it twice over the same
state gives the same plan; its fingerprint (a hash of everything it would write) is what the preview shows
and what the confirmation must find again at apply time, or nothing is applied.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.functional import Promise


def verbose_name(model: type[Model], name: str) -> str:
    """A model field's name as a person reads it, capitalised: the label of a column or a change."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize()


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number (the header is row 1); 0 for what the file does as a whole
    key: str  # the employee number or department code as written, when there is one
    message: str


@dataclass(frozen=True)
class FieldChange:
    field: str  # the model field's name; `label` is what a person reads
    label: str | Promise
    before: str
    after: str


@dataclass
class Entry:
    """One person, department or account the import creates, changes or deactivates."""

    row: int | None  # None for someone absent from the file
    key: str
    name: str
    changes: list[FieldChange] = field(default_factory=list)

    def as_json(self) -> list[Any]:
        return [self.row, self.key, self.name, [[c.field, c.before, c.after] for c in self.changes]]


@dataclass
class Plan:
    kind: str
    rows: int = 0
    create: list[Entry] = field(default_factory=list)
    change: list[Entry] = field(default_factory=list)
    deactivate: list[Entry] = field(default_factory=list)
    unchanged: int = 0
    accounts_create: list[Entry] = field(default_factory=list)
    accounts_change: list[Entry] = field(default_factory=list)
    invitations: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    # What apply needs (objects and values); never shown, never part of the fingerprint.
    work: Any = None

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def writes_nothing(self) -> bool:
        return not (self.create or self.change or self.deactivate or self.accounts_create or self.accounts_change)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": len(self.create),
            "changed": len(self.change),
            "deactivated": len(self.deactivate),
            "unchanged": self.unchanged,
            "accounts_created": len(self.accounts_create),
            "accounts_changed": len(self.accounts_change),
            "invitations": self.invitations,
            "errors": len(self.errors),
        }

    def fingerprint(self) -> str:
        sections = [self.create, self.change, self.deactivate, self.accounts_create, self.accounts_change]
        body = [self.kind, self.invitations, [[entry.as_json() for entry in section] for section in sections]]
        return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
