"""Changing the retention schedule: one kind's period at a time, by a program admin, on the audit trail."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record
from accounts.models import AuditAction
from org.access import has_role
from org.roles import Role
from retention.models import RetentionPeriod
from retention.schedule import LONGEST, RULES, UNIT_LABELS, periods


@transaction.atomic
def set_period(*, kind: str, period: int, by: User) -> RetentionPeriod:
    """Keep records of `kind` for `period` units (days, years or fiscal years, as the kind counts them).

    Only program admins set the schedule. The period is at least 1 and at most LONGEST of its unit; setting
    the period a kind already has changes nothing and writes no audit event.
    """
    if not has_role(by, Role.PROGRAM_ADMIN):
        raise PermissionDenied("Only program admins set the retention schedule.")
    if kind not in RULES:
        raise ValidationError({"kind": _("Choose a kind of record.")})
    unit = RULES[kind].unit
    if not 1 <= period <= LONGEST[unit]:
        raise ValidationError(
            {
                "period": _("Enter a period from 1 to %(most)s %(unit)s.")
                % {"most": LONGEST[unit], "unit": UNIT_LABELS[unit]}
            }
        )
    before = periods()[kind]
    row, _created = RetentionPeriod.objects.select_for_update().get_or_create(
        kind=kind, defaults={"period": period, "updated_by": by}
    )
    if before == period and not _created:
        return row
    row.period, row.updated_by, row.updated_at = period, by, timezone.now()
    row.save()
    if before != period:
        record(
            AuditAction.RETENTION_CHANGED,
            by=by,
            summary=_("%(kind)s: kept %(period)s %(unit)s (was %(before)s)")
            % {"kind": RULES[kind].kind.label, "period": period, "unit": UNIT_LABELS[unit], "before": before},
            details={"kind": kind, "period": period, "before": before, "unit": unit},
        )
    return row
