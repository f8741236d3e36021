"""Certification: a signed statement that every merit and incentive award of a department rests on
customer-service-weighted evaluations. A certification covers the department and every division below it.

Who certifies which award (`covers`):
- a department head's certification covers the awards of the staff of the department, never the award of
  anyone who heads a department, their own included (`Award.certified_by` is set when the award is computed);
- an elected official's certification covers the awards of the department heads there;
- pay for a department is released only when every award in it is covered by an active certification.

How it is signed:
- a department head signs online, for a department they lead (or one below it);
- HR staff or a program admin record a statement signed on paper, by a head or an elected official, with the
  signer's name, the date it was signed and the scanned document (an elected official's also with their office).
  Whoever records a paper signature may not also approve the payroll of that cycle's pay plan (pay.py).
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.documents import check_signed_document
from evaluations.models import (
    CERTIFICATION_STATEMENT,
    SETTLED_STATUSES,
    Award,
    Certification,
    Cycle,
    Evaluation,
    PayPlan,
    SignerRole,
    plain,
)
from evaluations.services.roles import is_hr
from org.access import has_role, visible_departments
from org.models import Department
from org.roles import Role
from serviceculture.dates import local_today


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


def _check_signer(*, by, department: Department, signer_role: str) -> None:
    """A department head signs online for a department they lead. HR staff record a signature made on paper."""
    if is_hr(by):
        return
    if signer_role != SignerRole.DEPARTMENT_HEAD:
        raise PermissionDenied(_("HR staff record an elected official's signature."))
    if not (has_role(by, Role.DEPARTMENT_HEAD) and visible_departments(by).filter(pk=department.pk).exists()):
        raise PermissionDenied(_("Only the head of this department may sign its certification."))


def _check_paper(
    *, cycle: Cycle, by, signer_role: str, name: str, office: str, signed_on: date | None, document
) -> None:
    """What a paper record needs: who signed (and, for an elected official, their office), when, and the scan.
    Whoever approved the cycle's pay plan may not record one (the separation of duties, seen from this side)."""
    errors: dict[str, str] = {}
    if not name:
        errors["signer_name"] = _("Give the name of the person who signed the paper statement.")
    if signer_role == SignerRole.ELECTED_OFFICIAL and not office:
        errors["signer_office"] = _("Give the office the elected official holds.")
    if signed_on is None:
        errors["signed_on"] = _("Give the date written on the signed statement.")
    elif signed_on > local_today():
        errors["signed_on"] = _("The statement cannot be signed on a date still to come.")
    if document is None:
        errors["document"] = _("Attach the signed statement (a scan or photo, PDF, PNG or JPEG).")
    if errors:
        raise ValidationError(errors)
    check_signed_document(document)
    if PayPlan.objects.filter(cycle=cycle, approved_by=by, approved_at__isnull=False).exists():
        raise PermissionDenied(
            _(
                "You approved this cycle's pay plan for payroll, so another member of HR staff or a program admin "
                "must record paper certifications for it."
            )
        )


@transaction.atomic
def certify_department(
    *,
    cycle: Cycle,
    department: Department,
    by,
    signer_role: str = SignerRole.DEPARTMENT_HEAD,
    signer_name: str = "",
    signer_office: str = "",
    signed_on: date | None = None,
    document: File | None = None,
) -> Certification:
    """Sign the statement online (a department head), or record a statement signed on paper (HR staff)."""
    _check_signer(by=by, department=department, signer_role=signer_role)
    on_paper = is_hr(by)
    name, office = signer_name.strip(), signer_office.strip()
    if on_paper:
        _check_paper(
            cycle=cycle,
            by=by,
            signer_role=signer_role,
            name=name,
            office=office,
            signed_on=signed_on,
            document=document,
        )
    Cycle.objects.select_for_update().get(pk=cycle.pk)  # serialise with reopening and other signatures
    blockers = certification_blockers(cycle=cycle, department=department)
    if blockers:
        raise ValidationError(blockers)
    if Certification.objects.active().filter(cycle=cycle, department=department, signer_role=signer_role).exists():
        raise ValidationError(_("This department is already certified for this cycle."))
    certification = Certification(
        cycle=cycle,
        department=department,
        signer=by,
        signer_name=name if on_paper else by.get_full_name() or by.get_username(),
        signer_role=signer_role,
        signer_office=office if on_paper else "",
        on_paper=on_paper,
        signed_on=signed_on if on_paper else local_today(),
        statement=statement_for(cycle=cycle, department=department),
        signed_at=timezone.now(),
    )
    if document is not None and on_paper:
        certification.document.save(document.name or "statement", document, save=False)
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
    """The department head's certification covers this department (its staff's awards)."""
    return (
        covering_certifications(cycle=cycle, department=department)
        .filter(signer_role=SignerRole.DEPARTMENT_HEAD)
        .exists()
    )


def covers(certification: Certification, award: Award) -> bool:
    """The rule of the module: an active certification of the cycle, of the award's department or one above it,
    by the role that certifies this award, and never signed online by the person whose award it is."""
    signer_id = None if certification.on_paper else _employee_id(certification.signer)
    return (
        certification.withdrawn_at is None
        and certification.cycle_id == award.plan.cycle_id
        and certification.department_id in covering_department_ids(award.department)
        and certification.signer_role == award.certified_by
        and signer_id != award.employee_id
    )


def _employee_id(user) -> int | None:
    try:
        return user.employee.pk
    except ObjectDoesNotExist:
        return None


def uncovered_awards(*, plan: PayPlan, department: Department) -> list[Award]:
    """The awards of the department and its divisions that no active certification covers yet. Two queries."""
    awards = list(
        plan.awards.filter(department__path__startswith=department.path).select_related(
            "plan", "employee", "department"
        )
    )
    certifications = list(
        Certification.objects.active().filter(cycle_id=plan.cycle_id).select_related("signer__employee")
    )
    return [award for award in awards if not any(covers(c, award) for c in certifications)]


def missing_signatures(awards: Iterable[Award]) -> list[str]:
    """For a page or a refusal: which signatures the awards still wait for, in words."""
    roles = {award.certified_by for award in awards}
    return [str(SignerRole(role).label) for role in SignerRole.values if role in roles]


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
