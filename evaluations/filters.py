import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from evaluations.models import Cycle, Evaluation, EvaluationStatus
from org.models import Department


class EvaluationFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Employee name or number"), method="filter_search")
    cycle = django_filters.ModelChoiceFilter(label=_("Cycle"), queryset=Cycle.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EvaluationStatus.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Department and below"), queryset=Department.objects.none(), method="filter_subtree"
    )
    band = django_filters.CharFilter(label=_("Band"), lookup_expr="iexact")

    class Meta:
        model = Evaluation
        fields = ["search", "cycle", "status", "department", "band"]

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["department"].queryset = departments if departments is not None else Department.objects.none()

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(employee__first_name__icontains=value)
            | Q(employee__last_name__icontains=value)
            | Q(employee__employee_number__icontains=value)
        )

    def filter_subtree(self, queryset, name, department):
        return queryset.filter(department__path__startswith=department.path)
