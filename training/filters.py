import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import Department, Employee


class CoverageFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Name or number"), method="filter_search")
    department = django_filters.ModelChoiceFilter(
        label=_("Department and below"), queryset=Department.objects.none(), method="filter_subtree"
    )
    attendance = django_filters.ChoiceFilter(
        label=_("Sessions"),
        method="filter_attendance",
        empty_label=_("Everyone"),
        choices=[("never", _("Never attended a session")), ("some", _("Attended at least one session"))],
    )

    class Meta:
        model = Employee
        fields = ["search", "department", "attendance"]

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["department"].queryset = departments if departments is not None else Department.objects.none()

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(first_name__icontains=value) | Q(last_name__icontains=value) | Q(employee_number__icontains=value)
        )

    def filter_subtree(self, queryset, name, department):
        return queryset.filter(department__path__startswith=department.path)

    def filter_attendance(self, queryset, name, value):
        return queryset.filter(sessions_attended=0) if value == "never" else queryset.filter(sessions_attended__gt=0)
