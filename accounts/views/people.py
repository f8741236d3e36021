"""Pages where program admins give people roles (not only in Django admin): the people list and one person's
roles. Access is org.access's: both pages are for program admins only (403 for anyone else)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView
from django_filters.views import FilterView

from accounts.filters import PersonFilter
from accounts.forms import RolesForm
from accounts.roles import roles_held, set_roles
from accounts.tables import PersonTable
from org.access import RoleRequiredMixin, get_visible_or_404
from org.models import Department
from org.roles import Role
from serviceculture.errors import add_to_form
from serviceculture.pagination import TableMixin
from serviceculture.types import SignedInRequest

ROLE_GIVERS = (Role.PROGRAM_ADMIN,)


class PeopleListView(RoleRequiredMixin, TableMixin, FilterView):
    """Everyone with an account, filtered by name, role, department and whether the account is active."""

    allowed_roles = ROLE_GIVERS
    model = User
    table_class = PersonTable
    filterset_class = PersonFilter
    template_name = "accounts/people.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[User]:
        return (
            User.objects.select_related("employee__department")
            .prefetch_related("groups")
            .order_by("employee__last_name", "employee__first_name", "username")
        )


class PersonRolesView(RoleRequiredMixin, FormView):  # type: ignore[type-arg]
    """One person's roles and, for a representative, the departments they represent."""

    request: SignedInRequest  # behind RoleRequiredMixin: always signed in
    allowed_roles = ROLE_GIVERS
    form_class = RolesForm
    template_name = "accounts/person_roles.html"

    @cached_property
    def person(self) -> User:
        """Looked up once the role is checked (RoleRequiredMixin.dispatch), so another role gets a 403."""
        return get_visible_or_404(
            User.objects.select_related("employee__department"), self.request.user, pk=self.kwargs["pk"]
        )

    def get_initial(self) -> dict[str, Any]:
        employee = getattr(self.person, "employee", None)
        represented = Department.objects.filter(customer_relations_rep=employee) if employee else []
        return {"roles": [role.value for role in roles_held(self.person)], "represented": list(represented)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        employee = getattr(self.person, "employee", None)
        return super().get_context_data(person=self.person, employee=employee, **kwargs)

    def form_valid(self, form: RolesForm) -> HttpResponse:
        try:
            changed = set_roles(
                user=self.person,
                roles=form.chosen_roles(),
                represented=form.cleaned_data["represented"],
                by=self.request.user,
            )
        except ValidationError as error:
            add_to_form(error, form)
            return self.form_invalid(form)
        if changed:
            messages.success(self.request, _("The roles of %(name)s are saved.") % {"name": self.person})
        else:
            messages.info(self.request, _("Nothing was changed."))
        return redirect("accounts:people")
