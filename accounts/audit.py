"""Writing the audit trail: the one function every app calls when something must be on record.

Exports and PDFs are recorded by the app that produces them, in the one function that builds each file, with
`record_download`: who, what (the summary), and the filters or parameters as plain JSON (`details`). A file
prepared as a job is recorded when it is asked for, inside the transaction that creates the job (the worker
writes it later on the person's behalf, and a job refused for being one too many leaves no record).
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.http import QueryDict
from django.utils.translation import gettext as _

from accounts.models import AuditAction, AuditEvent

# Query keys that say how a page is shown, not what a download holds.
NOT_FILTERS = frozenset({"csrfmiddlewaretoken", "page", "per_page", "sort", "_export", "export", "format"})


def record(
    action: AuditAction,
    *,
    by: AbstractBaseUser | AnonymousUser | None,
    summary: str = "",
    details: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    """Put one event on the trail. `by` is who acted (None or anonymous for a stranger's failed sign-in, whose
    typed name goes in `username`); `details` holds plain JSON values only."""
    actor = by if isinstance(by, User) and by.is_authenticated else None
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None else None,
        username=(actor.get_username() if actor is not None else username)[:150],
        action=action,
        summary=summary[:300],
        details=details or {},
    )


def record_download(
    action: AuditAction,
    *,
    by: AbstractBaseUser | AnonymousUser,
    summary: str,
    details: dict[str, Any],
    job_id: int | None = None,
) -> AuditEvent:
    """An export (EXPORTED) or a PDF or printout (PRINTED) left the system: who, what, with which filters.
    With `job_id`, the file is being prepared as that job: the summary says so and the details name it."""
    if job_id is not None:
        summary = _("%(what)s, prepared as a job") % {"what": summary}
        details = {**details, "job": job_id}
    return record(action, by=by, summary=summary, details=details)


def filters_of(data: QueryDict, *, ignore: Iterable[str] = ()) -> dict[str, str | list[str]]:
    """The filters of a request as plain JSON for `details`: one value as a string, several as a list; empty
    fields and the keys that only shape the page (paging, sorting, the export switch) left out."""
    skipped = NOT_FILTERS | set(ignore)
    plain: dict[str, str | list[str]] = {}
    for key, values in data.lists():
        kept = [value for value in values if value != ""]
        if key in skipped or not kept:
            continue
        plain[key] = kept[0] if len(kept) == 1 else kept
    return plain
