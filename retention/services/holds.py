"""Placing and lifting legal holds. Both are program admins' acts, recorded on the audit trail.

While a hold is active the purge leaves what it covers alone (retention/selectors.py says what each kind of
hold covers); once lifted, the next run purges what has passed its date meanwhile. A hold is never deleted:
the list of lifted holds is part of the record.
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record
from accounts.models import AuditAction
from org.access import has_role
from org.models import Department, ServicePoint
from org.roles import Role
from retention.models import HoldTarget, LegalHold
from surveys.models import Response, Survey

Target = Survey | ServicePoint | Department | Response


def _require_admin(by: User) -> None:
    if not has_role(by, Role.PROGRAM_ADMIN):
        raise PermissionDenied("Only program admins place and lift legal holds.")


def _label(target: Target) -> tuple[str, str]:
    """The hold's target kind and the words that name what it holds."""
    if isinstance(target, Survey):
        return HoldTarget.SURVEY, _("Survey: %(name)s") % {"name": target.title}
    if isinstance(target, ServicePoint):
        return HoldTarget.SERVICE_POINT, _("Service point: %(name)s") % {"name": target.name}
    if isinstance(target, Department):
        return HoldTarget.DEPARTMENT, _("Department and below: %(name)s") % {"name": target.name}
    return HoldTarget.RESPONSE, _("Response #%(id)s") % {"id": target.pk}


@transaction.atomic
def place_hold(*, target: Target, reason: str, by: User) -> LegalHold:
    """Hold the records under `target` past their retention dates until the hold is lifted. A reason is required
    (the case, the request, the audit): it is what a later admin reads before lifting it."""
    _require_admin(by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the records are held (a case, a request, an audit).")})
    kind, label = _label(target)
    hold = LegalHold.objects.create(
        target=kind, **{kind: target}, target_label=label[:300], reason=reason[:2000], placed_by=by
    )
    record(
        AuditAction.HOLD_PLACED,
        by=by,
        summary=label,
        details={"hold": hold.pk, "target": kind, "target_id": target.pk, "reason": hold.reason},
    )
    return hold


@transaction.atomic
def lift_hold(*, hold: LegalHold, by: User) -> LegalHold:
    """End a hold; the records it kept are purged by the next run if their date has passed. Lifting a hold
    already lifted is refused, so the record keeps the first lifting."""
    _require_admin(by)
    locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if locked.lifted_at is not None:
        raise ValidationError(_("This hold was already lifted."))
    locked.lifted_at, locked.lifted_by = timezone.now(), by
    locked.save(update_fields=["lifted_at", "lifted_by"])
    record(
        AuditAction.HOLD_LIFTED,
        by=by,
        summary=locked.target_label,
        details={"hold": locked.pk, "target": locked.target, "placed_at": locked.placed_at.isoformat()},
    )
    return locked
