"""Writing the audit trail: the one function every app calls when something must be on record."""

from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

from accounts.models import AuditAction, AuditEvent


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
    actor = cast(User, by) if by is not None and by.is_authenticated else None  # AUTH_USER_MODEL is User
    return AuditEvent.objects.create(
        actor=actor,
        username=(actor.get_username() if actor is not None else username)[:150],
        action=action,
        summary=summary[:300],
        details=details or {},
    )
