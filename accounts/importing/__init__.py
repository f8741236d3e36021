"""Provisioning staff from the HR system: an employee or department file, previewed, then applied.

`preview_import` reads the file and says what would happen (nothing is written); `apply_import` computes the
same plan again inside one transaction, with the employees locked, refuses if the file has row errors or if
the plan is no longer the one the person previewed (its fingerprint), and then writes it in bulk, records it
on the audit trail and queues the invitations once the transaction has committed. Pages keep the uploaded file
between preview and confirmation as a `StaffUpload` (see `store_upload`); the nightly command reads a file
from disk and calls the same two functions.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import audit
from accounts.importing.departments import DepartmentWork, plan_departments
from accounts.importing.employees import Work, plan_employees
from accounts.importing.plan import Plan
from accounts.importing.writes import write_departments, write_employees
from accounts.invitations import queue_invitations
from accounts.models import AuditAction, ImportKind, StaffUpload

UPLOAD_LIFETIME = timedelta(hours=2)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def invitations_wanted() -> bool:
    """With single sign-on people sign in with their organisation's account: there is no password to choose."""
    return not getattr(settings, "SSO_ENABLED", False)


def preview_import(*, kind: str, content: bytes, deactivate_absent: bool, lock: bool = False) -> Plan:
    """What importing the file would do. Raises ValidationError when the file as a whole cannot be read."""
    if kind == ImportKind.DEPARTMENTS:
        return plan_departments(content=content, deactivate_absent=deactivate_absent)
    return plan_employees(content=content, deactivate_absent=deactivate_absent, invite=invitations_wanted(), lock=lock)


def apply_import(
    *,
    kind: str,
    content: bytes,
    deactivate_absent: bool,
    by: AbstractBaseUser | AnonymousUser | None,
    source: str,
    fingerprint: str | None = None,
) -> Plan:
    """Apply the file in one transaction; with `fingerprint`, only if the plan is still the one previewed."""
    with transaction.atomic():
        plan = preview_import(kind=kind, content=content, deactivate_absent=deactivate_absent, lock=True)
        if plan.has_errors:
            raise ValidationError(
                ngettext(
                    "The file has %(count)s row error; nothing was imported.",
                    "The file has %(count)s row errors; nothing was imported.",
                    len(plan.errors),
                )
                % {"count": len(plan.errors)},
                code="row_errors",
            )
        if fingerprint is not None and plan.fingerprint() != fingerprint:
            raise ValidationError(
                _(
                    "The data changed since the preview (someone edited employees or departments). Check the new preview."
                ),
                code="stale",
            )
        invitation_ids = _write(plan, by)
        audit.record(AuditAction.IMPORTED, by=by, summary=_summary(plan, source), details=plan.counts())
        if invitation_ids:
            transaction.on_commit(lambda: queue_invitations(invitation_ids=invitation_ids))
    return plan


def _write(plan: Plan, by: AbstractBaseUser | AnonymousUser | None) -> list[int]:
    if isinstance(plan.work, DepartmentWork):
        write_departments(plan.work)
        return []
    assert isinstance(plan.work, Work)
    return write_employees(plan.work, invite=invitations_wanted(), by=by if isinstance(by, User) else None)


def _summary(plan: Plan, source: str) -> str:
    counts = plan.counts()
    return (
        f"{plan.kind} from {source}: {counts['created']} created, {counts['changed']} changed, "
        f"{counts['deactivated']} deactivated, {counts['unchanged']} unchanged, "
        f"{counts['accounts_created']} accounts created"
    )


def store_upload(*, kind: str, filename: str, content: bytes, deactivate_absent: bool, by: User) -> StaffUpload:
    """Keep an uploaded file until it is confirmed or UPLOAD_LIFETIME has passed (older ones go now)."""
    StaffUpload.objects.filter(uploaded_at__lt=timezone.now() - UPLOAD_LIFETIME).delete()
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="size")
    return StaffUpload.objects.create(
        token=secrets.token_urlsafe(32),
        kind=kind,
        filename=filename[-255:],
        content=content,
        deactivate_absent=deactivate_absent,
        uploaded_by=by,
    )


def live_uploads(*, by: User) -> "models.QuerySet[StaffUpload]":
    """The person's own uploads that have not expired: nobody else's file is theirs to preview or apply."""
    return StaffUpload.objects.filter(uploaded_by=by, uploaded_at__gte=timezone.now() - UPLOAD_LIFETIME)


def apply_upload(*, upload: StaffUpload, fingerprint: str, by: User) -> Plan:
    with transaction.atomic():
        locked = StaffUpload.objects.select_for_update().get(pk=upload.pk)
        if locked.applied_at is not None:
            raise ValidationError(_("This file has already been imported."), code="applied")
        plan = apply_import(
            kind=locked.kind,
            content=bytes(locked.content),
            deactivate_absent=locked.deactivate_absent,
            by=by,
            source=locked.filename,
            fingerprint=fingerprint,
        )
        locked.applied_at = timezone.now()
        locked.save(update_fields=["applied_at"])
    return plan
