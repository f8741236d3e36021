"""Giving people roles in the app, and the departments a customer relations representative represents.

Rules (`set_roles`):

- Roles are Django groups, one per `org.roles.Role`; only those groups are touched, any other group a
  person holds (given in Django admin) stays.
- Only a program admin gives roles, and the last active program admin cannot lose the role: nobody could
  give roles any more. A superuser counts as a program admin (org.access), whatever their groups.
- Which departments a representative represents is `Department.customer_relations_rep`, and nothing else:
  the same field sends them the residents' follow-up emails and names them on the public standards page, so
  the person emailed is the person who may open the response. A department has one representative (the one
  residents are told to reach), who covers the departments below it; one person may represent several.
  Giving a department to someone takes it from its previous representative.
- Representing needs the role and an employee record; taking the role away frees the departments, so their
  follow-up emails go to the next representative up the tree instead of to someone who can no longer open them.
- Every change is on the audit trail, with the roles and departments before and after; a save that
  changes nothing records nothing.
"""

from collections.abc import Collection

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import AuditAction
from org.access import require_role
from org.models import Department, Employee
from org.names import person_name
from org.roles import Role


def roles_held(user: User) -> set[Role]:
    """The roles given to this account (its groups), not counting what being a superuser implies."""
    names = set(user.groups.values_list("name", flat=True))
    return {role for role in Role if role.value in names}


@transaction.atomic
def set_roles(
    *, user: User, roles: Collection[Role], by: User, represented: Collection[Department] | None = None
) -> bool:
    """Give `user` exactly these roles and, for a representative, these departments (None: keep theirs).
    Returns whether anything changed."""
    require_role(by, [Role.PROGRAM_ADMIN], action=_("Only a program admin gives roles."))
    # One program admin change at a time, so two admins cannot each remove the other.
    Group.objects.select_for_update().filter(name=Role.PROGRAM_ADMIN.value).first()
    wanted = set(roles)
    before = roles_held(user)
    if Role.PROGRAM_ADMIN in before - wanted:
        _refuse_removing_last_program_admin(user)
    employee = Employee.objects.filter(user=user).first()
    departments_before = set(Department.objects.filter(customer_relations_rep=employee)) if employee else set()
    departments_after = _represented_after(wanted, employee, departments_before, represented)
    if wanted == before and departments_after == departments_before:
        return False
    _apply_groups(user, before=before, after=wanted)
    _apply_departments(employee, before=departments_before, after=departments_after)
    _record(user, by=by, before=before, after=wanted, departments=(departments_before, departments_after))
    return True


def active_program_admins() -> QuerySet[User]:
    """The accounts that can run the program today (and give roles): without one, nobody can."""
    return User.objects.filter(is_active=True).filter(Q(groups__name=Role.PROGRAM_ADMIN.value) | Q(is_superuser=True))


def _refuse_removing_last_program_admin(user: User) -> None:
    if user.is_superuser or not user.is_active:
        return  # a superuser stays a program admin; an inactive account was not one that counted
    if not active_program_admins().exclude(pk=user.pk).exists():
        raise ValidationError(
            {
                "roles": _("%(name)s is the last program admin: give the role to someone else first.")
                % {"name": person_name(user)}
            }
        )


def _represented_after(
    wanted: set[Role],
    employee: Employee | None,
    before: set[Department],
    represented: Collection[Department] | None,
) -> set[Department]:
    if Role.CUSTOMER_RELATIONS not in wanted:
        if represented:
            raise ValidationError(
                {"represented": _("Only a customer relations representative represents departments.")}
            )
        return set()
    after = before if represented is None else set(represented)
    if after and employee is None:
        raise ValidationError(
            {"represented": _("This account has no employee record, so it cannot represent a department.")}
        )
    return after


def _apply_groups(user: User, *, before: set[Role], after: set[Role]) -> None:
    if after - before:
        # get_or_create: org's migration made the groups, but a database emptied since (a flush) has none
        user.groups.add(*(Group.objects.get_or_create(name=role.value)[0] for role in after - before))
    if before - after:
        user.groups.remove(*Group.objects.filter(name__in=[role.value for role in before - after]))
    user.__dict__.pop("_serviceculture_roles", None)  # org.access's per-request cache


def _apply_departments(employee: Employee | None, *, before: set[Department], after: set[Department]) -> None:
    if before - after:
        Department.objects.filter(pk__in=[d.pk for d in before - after]).update(customer_relations_rep=None)
    if after - before:
        Department.objects.filter(pk__in=[d.pk for d in after - before]).update(customer_relations_rep=employee)


def _record(
    user: User,
    *,
    by: User,
    before: set[Role],
    after: set[Role],
    departments: tuple[set[Department], set[Department]],
) -> None:
    names = sorted(role.value for role in after)
    audit.record(
        AuditAction.ROLES_CHANGED,
        by=by,
        summary=_("Roles of %(name)s: %(roles)s") % {"name": user.get_username(), "roles": ", ".join(names) or "—"},
        details={
            "user": user.get_username(),
            "before": sorted(role.value for role in before),
            "after": names,
            "represented_before": sorted(department.code for department in departments[0]),
            "represented_after": sorted(department.code for department in departments[1]),
        },
    )
