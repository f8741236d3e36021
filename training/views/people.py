"""Pages about people's training as a whole: coverage of the people one may see, certificates, programs."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView
from django_tables2 import DateColumn

from accounts.audit import filters_of, record_download
from accounts.models import AuditAction
from org.access import RoleRequiredMixin, ScopedQuerysetMixin, has_role, visible_departments
from org.models import Department, Employee
from org.roles import Role
from serviceculture.links import absolute_url
from serviceculture.pagination import TableMixin
from serviceculture.spreadsheets import csv_download
from serviceculture.types import SignedInRequest
from training.filters import CoverageFilter
from training.models import TRAINING_ROLES, Certificate, Program
from training.selectors import current_modules, training_coverage
from training.tables import CoverageTable

COVERAGE_ROLES = (Role.PROGRAM_ADMIN, Role.HR, Role.TRAINER, Role.TRAINING_COORDINATOR, Role.DEPARTMENT_HEAD)


class CoverageView(RoleRequiredMixin, TableMixin, FilterView):
    """Training coverage of the people a person may see, with one column per current module."""

    allowed_roles = COVERAGE_ROLES
    model = Employee
    table_class = CoverageTable
    filterset_class = CoverageFilter
    template_name = "training/coverage.html"
    paginate_by = 50
    request: SignedInRequest  # behind RoleRequiredMixin: always signed in

    def get_queryset(self):
        self.modules = current_modules()
        return training_coverage(user=self.request.user, modules=self.modules)

    def get_table_kwargs(self):
        return {
            "extra_columns": [
                (f"module_{module_id}", DateColumn(verbose_name=title, default="—", short=True))
                for module_id, title in self.modules
            ]
        }

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        user = self.request.user
        # Trainers see every employee (to build rosters), so they may filter by any department.
        kwargs["departments"] = (
            Department.objects.all() if has_role(user, *TRAINING_ROLES) else visible_departments(user)
        )
        return kwargs

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("export") == "csv":
            response = csv_download("training-coverage.csv", context["table"].as_values())
            record_download(
                AuditAction.EXPORTED,
                by=self.request.user,
                summary=_("Training coverage"),
                details={**filters_of(self.request.GET), "format": "csv", "rows": len(context["table"].data)},
            )
            return response
        return super().render_to_response(context, **kwargs)


class CertificateDetailView(ScopedQuerysetMixin, DetailView):
    """A printable certificate, for its holder, trainers and the holder's department head."""

    model = Certificate
    template_name = "training/certificate.html"

    def get_queryset(self):
        return super().get_queryset().select_related("employee__department", "program")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            verify_url=absolute_url(self.object.get_verification_url()),
            valid=self.object.is_valid_on(timezone.localdate()),
            **kwargs,
        )


class ProgramListView(ScopedQuerysetMixin, ListView):
    """Programs, their required modules and their ambassadors."""

    model = Program
    allowed_roles = TRAINING_ROLES
    template_name = "training/program_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "certificates", queryset=Certificate.objects.standing().select_related("employee__department")
                ),
                "program_modules__module__versions",
            )
        )
