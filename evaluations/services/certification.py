"""Certification: a department head (and optionally an elected official) signs that every merit and
incentive award of the department rests on customer-service-weighted evaluations. A certification
covers the department and every division below it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import (
    CERTIFICATION_STATEMENT,
    SETTLED_STATUSES,
    Certification,
    Cycle,
    Evaluation,
    SignerRole,
    plain,
)
from evaluations.services.roles import is_hr
from org.access import has_role, visible_departments
from org.models import Department
from org.roles import Role


def statement_for(*, cycle: Cycle, department: Department) -> str:
    """The exact text shown to the signer and stored with the signature."""
    return str(CERTIFICATION_STATEMENT).format(
        department=department.name, cycle=cycle.name, weight=plain(cycle.min_customer_service_weight)
    )


def certification_blockers(*, cycle: Cycle, department: Department) -> list[str]:
    """Why the department cannot be certified yet; empty when it can."""
    evaluations = Evaluation.objects.filter(cycle=cycle).in_subtree(department)
    total = evaluations.count()
    if total == 0:
        return [_("There are no evaluations for %(department)s in this cycle.") % {"department": department.name}]
    unsettled = evaluations.exclude(status__in=SETTLED_STATUSES).count()
    if unsettled:
        return [_("%(count)d of %(total)d evaluations are not finalised yet.") % {"count": unsettled, "total": total}]
    return []


def _check_signer(*, by, department: Department, signer_role: str, signer_name: str) -> None:
    """A department head signs online for their own department. HR staff record a signature made on
    paper (an elected official's, or a head's), naming the person who signed."""
    if is_hr(by):
        if not signer_name.strip():
            raise ValidationError(_("Give the name of the person who signed the paper statement."))
        return
    if signer_role != SignerRole.DEPARTMENT_HEAD:
        raise PermissionDenied(_("HR staff record an elected official's signature."))
    if not (has_role(by, Role.DEPARTMENT_HEAD) and visible_departments(by).filter(pk=department.pk).exists()):
        raise PermissionDenied(_("Only the head of this department may sign its certification."))


@transaction.atomic
def certify_department(
    *, cycle: Cycle, department: Department, by, signer_role: str = SignerRole.DEPARTMENT_HEAD, signer_name: str = ""
) -> Certification:
    """Sign the statement online, or (HR) record a paper signature with the signer's name."""
    _check_signer(by=by, department=department, signer_role=signer_role, signer_name=signer_name)
    Cycle.objects.select_for_update().get(pk=cycle.pk)  # serialise with reopening and other signatures
    blockers = certification_blockers(cycle=cycle, department=department)
    if blockers:
        raise ValidationError(blockers)
    if Certification.objects.active().filter(cycle=cycle, department=department, signer_role=signer_role).exists():
        raise ValidationError(_("This department is already certified for this cycle."))
    name = signer_name.strip() if is_hr(by) else ""
    certification = Certification(
        cycle=cycle,
        department=department,
        signer=by,
        signer_name=name or by.get_full_name() or by.get_username(),
        signer_role=signer_role,
        statement=statement_for(cycle=cycle, department=department),
        signed_at=timezone.now(),
    )
    certification._history_user = by  # type: ignore[attr-defined]  # simple-history reads who acted from here
    certification.save()
    return certification


def covering_department_ids(department: Department) -> list[int]:
    """The department and every department above it: a certification of any of them covers it."""
    return [int(part) for part in department.path.strip("/").split("/") if part]


def covering_certifications(*, cycle: Cycle, department: Department):
    """Active certifications of this department or any department above it."""
    return Certification.objects.active().filter(cycle=cycle, department_id__in=covering_department_ids(department))


def is_certified(*, cycle: Cycle, department: Department) -> bool:
    """Pay may be released: the department head's certification covers this department."""
    return (
        covering_certifications(cycle=cycle, department=department)
        .filter(signer_role=SignerRole.DEPARTMENT_HEAD)
        .exists()
    )


def withdraw_certifications_for(*, evaluation: Evaluation, by, reason: str) -> int:
    """Withdraw (never delete) every certification that covered the evaluation; each gets a history entry."""
    withdrawn = 0
    for certification in covering_certifications(cycle=evaluation.cycle, department=evaluation.department):
        certification.withdrawn_at = timezone.now()
        certification.withdrawal_reason = _("An evaluation of %(employee)s was reopened: %(reason)s") % {
            "employee": evaluation.employee.full_name,
            "reason": reason,
        }
        certification._history_user = by
        certification.save()
        withdrawn += 1
    return withdrawn
