"""The public standards page: what each department promises, how to reach it, and how it did."""

from datetime import timedelta

from django.db.models import Prefetch
from django.views.generic import TemplateView

from org.models import Department, ServiceStandard
from reports.models import StandardCompliance
from reports.periods import quarter_start
from serviceculture.dates import local_today


def last_finished_quarter():
    return quarter_start(quarter_start(local_today()) - timedelta(days=1))


class StandardsView(TemplateView):
    """Every department with published standards, in the resident's language; light, no JavaScript."""

    template_name = "reports/standards.html"

    def get_context_data(self, **kwargs):
        quarter = last_finished_quarter()
        standards = (
            ServiceStandard.objects.published()
            .select_related("service_point")
            .prefetch_related(
                Prefetch(
                    "compliance", queryset=StandardCompliance.objects.filter(quarter=quarter), to_attr="last_quarter"
                )
            )
        )
        departments = (
            Department.objects.active()
            .filter(standards__in=ServiceStandard.objects.published())
            .distinct()
            .select_related("customer_relations_rep")
            .prefetch_related(Prefetch("standards", queryset=standards, to_attr="published_standards"))
        )
        return super().get_context_data(departments=departments, quarter=quarter, **kwargs)
