import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.models import Department, Employee


class EmployeeFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Name, number or title"), method="filter_search")
    department = django_filters.ModelChoiceFilter(
        label=_("Department and below"), queryset=Department.objects.none(), method="filter_subtree"
    )
    active = django_filters.BooleanFilter(
        label=_("Status"),
        widget=forms.Select(choices=[("", _("Everyone")), ("true", _("Active")), ("false", _("No longer active"))]),
    )

    class Meta:
        model = Employee
        fields = ["search", "department", "active"]

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["department"].queryset = departments if departments is not None else Department.objects.none()

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(employee_number__icontains=value)
            | Q(job_title__icontains=value)
        )

    def filter_subtree(self, queryset, name, department):
        return queryset.filter(department__path__startswith=department.path)
