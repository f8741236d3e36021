from django.db.models import Count
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from org.access import ScopedQuerysetMixin, has_role, visible_departments
from org.filters import EmployeeFilter
from org.models import Department, Employee
from org.roles import Role
from org.tables import EmployeeTable
from serviceculture.pagination import TableMixin

STAFF_MANAGERS = (Role.PROGRAM_ADMIN, Role.HR, Role.DEPARTMENT_HEAD)


class DepartmentListView(ScopedQuerysetMixin, ListView):
    """The department tree a person may see, indented by depth."""

    model = Department
    allowed_roles = STAFF_MANAGERS
    template_name = "org/department_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("head", "customer_relations_rep")
            .annotate(employee_count=Count("employees", distinct=True))
        )


class DepartmentDetailView(ScopedQuerysetMixin, DetailView):
    model = Department
    allowed_roles = STAFF_MANAGERS
    template_name = "org/department_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("parent", "head", "customer_relations_rep")

    def get_context_data(self, **kwargs):
        department = self.object
        return super().get_context_data(
            children=department.children.all(),
            service_points=department.service_points.all(),
            standards=department.standards.select_related("service_point"),
            employees=department.employees.filter(active=True).select_related("supervisor"),
            **kwargs,
        )


class EmployeeListView(ScopedQuerysetMixin, TableMixin, FilterView):
    model = Employee
    allowed_roles = STAFF_MANAGERS
    table_class = EmployeeTable
    filterset_class = EmployeeFilter
    template_name = "org/employee_list.html"
    paginate_by = 50

    def get_queryset(self):
        return super().get_queryset().select_related("department", "supervisor", "user")

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["departments"] = visible_departments(self.request.user)
        return kwargs


class EmployeeDetailView(ScopedQuerysetMixin, DetailView):
    """An employee's page: their place in the organisation and the customer service their job class expects.
    Other apps add their sections."""

    model = Employee
    template_name = "org/employee_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("department", "supervisor", "user", "job_class")

    def get_context_data(self, **kwargs):
        user = self.request.user
        is_self = self.object.user_id == user.pk
        # Trainers and coordinators open everyone's page to build rosters; the evidence of performance (the
        # compliments and evaluations) is for the person, their department's heads, HR and program admins.
        # Hidden rather than empty, so no one reads "none yet" about a person whose records they may not see.
        sees_performance = is_self or visible_departments(user).filter(pk=self.object.department_id).exists()
        return super().get_context_data(
            show_pay=is_self or has_role(user, Role.PROGRAM_ADMIN, Role.HR),
            show_performance=sees_performance,
            **kwargs,
        )
