"""The one place that decides what a signed-in person may see and do.

Every staff view gets its rows through `scope()` (or a mixin below that calls it), so no
view can forget the rules:

- program admins and HR staff see everything;
- a department head sees their department and everything below it, plus their own records;
- an employee sees their own records;
- a supervisor also sees their direct reports' rows of the models that declare a supervisor path
  (wherever those people sit in the tree: supervision does not follow departments);
- a model may widen "see everything" to other roles (trainers see every employee, to build rosters);
- a customer relations representative sees the rows of the models that declare a representative path, for
  the departments they represent (`Department.customer_relations_rep`) and everything below them, and only
  while they hold the role: the department names the person residents reach, the role lets them act.

A model tells `scope()` how its rows reach a department and an employee with these class
attributes:

    access_department_path = "service_point__department"  # "" for Department itself, None if unrelated
    access_employee_path = "employee"                       # "" for Employee itself, None if not personal
    access_supervisor_path = "employee__supervisor"         # optional: the row's person's supervisor
    access_full_roles = (Role.PROGRAM_ADMIN, Role.HR)        # roles that see every row
    access_representative_path = "department"                # optional: rows a representative acts on
    access_representative_rows = {"wants_contact": True}      # optional: only the rows matching this filter

Only a model whose rows a supervisor must act on declares a supervisor path (training commitments,
which supervisors follow up); without it, supervising someone shows nothing of theirs.

A rule that goes beyond the paths (an evaluation stays hidden from its own employee until released; an
evaluator sees those they rate) is an app's selector built on `scope()`, passed to
`get_visible_or_404(..., visible=...)`, so the 404 and its log are still decided here.

Seeing a row is not always changing it. A model whose rows only some of those who see them may change
declares who does; the others read (a POST through `ScopedQuerysetMixin` is a 403 for them):

    access_change_roles = (Role.PROGRAM_ADMIN, Role.TRAINING_COORDINATOR)  # change every row they see
    access_changer_path = "facilitator"                                      # the row's person, who changes it

A model that declares neither is changed by whoever sees it and whose role the view allows.

Something outside a person's scope is a 404 (they cannot even learn it exists); an action their
role may not take is a 403. Both are logged on the `serviceculture.security` logger.
"""

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest

from org.models import Department, Employee
from org.roles import Role

if TYPE_CHECKING:
    from django.views.generic.detail import SingleObjectMixin

    _ObjectView = SingleObjectMixin[Any]
else:
    _ObjectView = object

M = TypeVar("M", bound=Model)

security_log = logging.getLogger("serviceculture.security")

DEFAULT_FULL_ROLES = (Role.PROGRAM_ADMIN, Role.HR)


def roles_of(user) -> frozenset[Role]:
    """The roles of a user, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_serviceculture_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        if user.is_superuser:
            cached |= {Role.PROGRAM_ADMIN}
        user._serviceculture_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def employee_of(user) -> Employee | None:
    """The employee record linked to a signed-in user, if any (cached per request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_serviceculture_employee"):
        user._serviceculture_employee = Employee.objects.filter(user=user).select_related("department").first()
    return user._serviceculture_employee


def headed_departments(user) -> list[Department]:
    """The departments a signed-in department head leads (empty for anyone else)."""
    if not has_role(user, Role.DEPARTMENT_HEAD):
        return []
    if not hasattr(user, "_serviceculture_headed"):
        user._serviceculture_headed = list(Department.objects.filter(head__user=user))
    return user._serviceculture_headed


def represented_departments(user) -> list[Department]:
    """The departments a customer relations representative represents (empty without the role)."""
    if not has_role(user, Role.CUSTOMER_RELATIONS):
        return []
    if not hasattr(user, "_serviceculture_represented"):
        user._serviceculture_represented = list(Department.objects.filter(customer_relations_rep__user=user))
    return user._serviceculture_represented


def sees_everything(user) -> bool:
    return has_role(user, *DEFAULT_FULL_ROLES)


def visible_departments(user) -> QuerySet[Department]:
    """Departments whose data this person may see: all of them, a head's subtrees, or none."""
    if sees_everything(user):
        return Department.objects.all()
    return Department.objects.subtrees(headed_departments(user))


def scope(queryset: QuerySet[M], user) -> QuerySet[M]:
    """Narrow any queryset to the rows this person may see."""
    model = queryset.model
    roles = roles_of(user)
    if not roles:
        return queryset.none()
    if roles & set(getattr(model, "access_full_roles", DEFAULT_FULL_ROLES)):
        return queryset
    conditions = (
        _department_conditions(model, user)
        + _own_record_conditions(model, user)
        + _direct_report_conditions(model, user)
        + _represented_conditions(model, user)
    )
    if not conditions:
        return queryset.none()
    combined = Q()
    for condition in conditions:
        combined |= condition
    return queryset.filter(combined)


def _department_conditions(model: type[Model], user) -> list[Q]:
    path = getattr(model, "access_department_path", None)
    if path is None or not headed_departments(user):
        return []
    lookup = f"{path}__in" if path else "pk__in"
    return [Q(**{lookup: visible_departments(user).values("pk")})]


def _own_record_conditions(model: type[Model], user) -> list[Q]:
    path = getattr(model, "access_employee_path", None)
    employee = employee_of(user)
    if path is None or employee is None:
        return []
    return [Q(**{path or "pk": employee.pk})]


def _direct_report_conditions(model: type[Model], user) -> list[Q]:
    path = getattr(model, "access_supervisor_path", None)
    employee = employee_of(user)
    if not path or employee is None:
        return []
    return [Q(**{path: employee.pk})]


def _represented_conditions(model: type[Model], user) -> list[Q]:
    path = getattr(model, "access_representative_path", None)
    if path is None or not (departments := represented_departments(user)):
        return []
    lookup = f"{path}__in" if path else "pk__in"
    in_departments = Q(**{lookup: Department.objects.subtrees(departments).values("pk")})
    return [in_departments & Q(**getattr(model, "access_representative_rows", {}))]


def may_change(obj: Model, user) -> bool:
    """Whether this person may change a row they see (the model's `access_change_roles` and
    `access_changer_path`; a model without them is changed by whoever sees it). Reads no rows: the changer
    path ends in a foreign key to Employee, compared by id, so an unsaved row can be asked about too."""
    change_roles = getattr(type(obj), "access_change_roles", None)
    if change_roles is None or has_role(user, *change_roles):
        return True
    path = getattr(type(obj), "access_changer_path", None)
    employee = employee_of(user)
    if not path or employee is None:
        return False
    *hops, last = path.split("__")
    target: Any = obj
    for hop in hops:
        target = getattr(target, hop)
    return getattr(target, f"{last}_id") == employee.pk


def require_change(obj: Model, user) -> None:
    """Raise PermissionDenied (a 403, logged) unless the person may change the row."""
    if not may_change(obj, user):
        raise PermissionDenied(f"Your role lets you read this {obj._meta.verbose_name}, not change it.")


def get_visible_or_404(queryset: QuerySet[M], user, *, visible: QuerySet[M] | None = None, **lookup) -> M:
    """Fetch one row within the person's scope; outside it the row does not exist for them.

    `visible` is for a model whose rule goes beyond its declared paths: the app's selector built on
    `scope()` (evaluations' `visible_evaluations`). The row is looked up there instead of in
    `scope(queryset)`, and `queryset` (all rows) still tells an out-of-scope row, which is logged, from a
    missing one."""
    try:
        return (scope(queryset, user) if visible is None else visible).get(**lookup)
    except ObjectDoesNotExist:  # the model's own DoesNotExist, raised by get()
        if queryset.filter(**lookup).exists():
            security_log.warning("out-of-scope %s %s requested by user %s", queryset.model._meta.label, lookup, user.pk)
        raise Http404(f"No {queryset.model._meta.verbose_name} here.") from None


def require_role(user, roles: Iterable[Role], *, action: str = "") -> None:
    """Raise PermissionDenied (a 403) unless the user holds one of the roles."""
    roles = tuple(roles)
    if not has_role(user, *roles):
        raise PermissionDenied(action or "Your role does not allow this.")


class RoleRequiredMixin(LoginRequiredMixin):
    """A staff view for some roles only. Signed-out people go to sign-in; other roles get a 403."""

    allowed_roles: tuple[Role, ...] = tuple(Role)
    request: HttpRequest  # set by the view this is mixed into, with its URL's kwargs
    kwargs: dict[str, Any]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_role(request.user, self.allowed_roles)
        return super().dispatch(request, *args, **kwargs)


class ScopedQuerysetMixin(RoleRequiredMixin, _ObjectView):
    """For list and detail views: the queryset is always narrowed by `scope()`, so a detail
    view of an object outside the person's scope is a 404; a request that changes it (any method but GET,
    HEAD, OPTIONS) is a 403 unless `may_change` says yes."""

    def get_queryset(self):
        return scope(super().get_queryset(), self.request.user)

    def get_object(self, queryset=None):
        obj = self._visible_object(queryset)
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            require_change(obj, self.request.user)
        return obj

    def _visible_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            pk = self.kwargs.get(self.pk_url_kwarg)
            if pk is not None and self.model is not None and self.model._default_manager.filter(pk=pk).exists():
                security_log.warning(
                    "out-of-scope %s pk=%s requested by user %s", self.model._meta.label, pk, self.request.user.pk
                )
            raise
