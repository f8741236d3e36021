from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from org.models import Department
from yousaid.models import ActionStatus, FeedbackAction


class ActionFilter(django_filters.FilterSet):
    """The list's choices: a status (program admins start from those waiting for review) and a department."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionStatus.choices, empty_label=_("Any status"))
    department = django_filters.ModelChoiceFilter(
        label=_("Department and below"),
        queryset=Department.objects.none(),
        method="filter_subtree",
        empty_label=_("Every department"),
    )

    class Meta:
        model = FeedbackAction
        fields = ["status", "department"]

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["department"].queryset = departments

    def filter_subtree(
        self, queryset: QuerySet[FeedbackAction], name: str, department: Department
    ) -> QuerySet[FeedbackAction]:
        return queryset.filter(department__path__startswith=department.path)
