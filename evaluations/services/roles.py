"""Who may take which step of an evaluation. Services call these and raise PermissionDenied."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Expression, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Length, Substr
from django.utils.translation import gettext as _

from evaluations.models import EMPLOYEE_VISIBLE_STATUSES, Evaluation
from org.access import employee_of, has_role, require_role, roles_of, scope, visible_departments
from org.models import Department, Employee
from org.roles import Role

HR_ROLES = (Role.HR, Role.PROGRAM_ADMIN)
HR_AND_HEADS = (*HR_ROLES, Role.DEPARTMENT_HEAD)


def is_hr(user) -> bool:
    return has_role(user, *HR_ROLES)


def require_hr(user) -> None:
    """The services' own check behind the pages' allowed_roles (defence in depth), through org.access."""
    require_role(user, HR_ROLES, action=_("Only HR staff may do this."))


def require_hr_for(evaluation, user) -> None:
    """HR acts on evaluations, but never on their own."""
    require_hr(user)
    if is_own(evaluation, user):
        raise PermissionDenied(_("Another member of HR staff must handle your own evaluation."))


def is_own(evaluation, user) -> bool:
    employee = employee_of(user)
    return employee is not None and evaluation.employee_id == employee.pk


def is_evaluator(evaluation, user) -> bool:
    employee = employee_of(user)
    return employee is not None and evaluation.evaluator_id == employee.pk and not is_own(evaluation, user)


def may_rate(evaluation, user) -> bool:
    return (is_hr(user) or is_evaluator(evaluation, user)) and not is_own(evaluation, user)


def is_reviewing_head(evaluation, user) -> bool:
    """A department head over the evaluation's department reviews it: never their own, nor ratings they gave."""
    if not has_role(user, Role.DEPARTMENT_HEAD) or is_own(evaluation, user) or is_evaluator(evaluation, user):
        return False
    return visible_departments(user).filter(pk=evaluation.department_id).exists()


def _other_heads_above():
    """For an evaluation (as OuterRef): the departments at or above its department whose head could review
    it, that is a head with the role who is neither the employee nor the evaluator."""
    return (
        Department.objects.filter(path=Substr(OuterRef("department__path"), 1, Length("path")))
        .filter(head__user__is_active=True, head__user__groups__name=Role.DEPARTMENT_HEAD)
        .exclude(head=OuterRef("employee"))
        .exclude(head=Coalesce(OuterRef("evaluator"), Value(0)))  # no evaluator: every head counts
    )


def reviewed_by_hr() -> Expression:
    """Evaluations no department head may review (the head is the evaluator and nobody heads a department
    above them): HR reviews those, so that nobody reviews their own ratings."""
    return ~Exists(_other_heads_above())


def reviewing_head_of(evaluation) -> Employee | None:
    """The head a rated evaluation waits for: the nearest department head at or above its department who is
    neither the employee nor the evaluator. None when HR reviews it (`reviewed_by_hr`)."""
    nearest = _other_heads_above().order_by(Length("path").desc()).values("head")[:1]
    head_id = Evaluation.objects.filter(pk=evaluation.pk).values_list(Subquery(nearest), flat=True).first()
    return Employee.objects.filter(pk=head_id).first() if head_id else None


def may_review(evaluation, user) -> bool:
    if is_reviewing_head(evaluation, user):
        return True
    if not is_hr(user) or is_own(evaluation, user) or is_evaluator(evaluation, user):
        return False
    return Evaluation.objects.filter(pk=evaluation.pk).filter(reviewed_by_hr()).exists()


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def visible_evaluations(user):
    """Evaluations this person may open, through org.access's scope():

    HR and program admins all; a department head those of their subtree; an evaluator those they rate;
    an employee their own, but only once released (or while they write their self-evaluation).
    Nobody sees their own evaluation before that, HR staff included.
    """
    employee = employee_of(user)
    if employee is None:
        return scope(Evaluation.objects.all(), user)
    unreleased_own = Q(employee=employee) & ~Q(status__in=EMPLOYEE_VISIBLE_STATUSES)
    scoped = scope(Evaluation.objects.exclude(unreleased_own), user)
    if not roles_of(user):
        return scoped
    return scoped | Evaluation.objects.filter(evaluator=employee).exclude(employee=employee)
