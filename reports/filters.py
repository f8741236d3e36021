import django_filters
from django.utils.translation import gettext_lazy as _

from org.models import Department
from reports.models import SurveyMetricDay
from reports.periods import period_choices


class DashboardFilter(django_filters.FilterSet):
    """The dashboard's choices: which department subtree, and which period (compared with the one before)."""

    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.none(), method="keep", empty_label=None
    )
    period = django_filters.ChoiceFilter(label=_("Period"), choices=(), method="keep", empty_label=None)

    class Meta:
        model = SurveyMetricDay
        fields = ["department", "period"]

    def __init__(self, *args, departments, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["department"].queryset = departments
        self.form.fields["department"].queryset = departments
        self.form.fields["department"].label_from_instance = lambda department: (
            f"{'— ' * department.depth}{department.name}"
        )
        self.form.fields["period"].choices = period_choices(today)

    def keep(self, queryset, name, value):
        """The dashboard reads several report tables itself; the filter only validates the choices."""
        return queryset
