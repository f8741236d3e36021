"""Filters of the people list: by name, role, department and whether the account is active."""

from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from org.models import Department
from org.roles import Role, role_label


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name or username"), method="filter_name")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=(), method="filter_role", empty_label=_("Any role"))
    department = django_filters.ModelChoiceFilter(
        label=_("Department and below"),
        queryset=Department.objects.all(),
        method="filter_department",
        empty_label=_("All departments"),
    )
    is_active = django_filters.BooleanFilter(
        label=_("Account"),
        widget=forms.Select(choices=[("", _("Everyone")), ("true", _("Active")), ("false", _("Switched off"))]),
    )

    class Meta:
        model = User
        fields = ["name", "role", "department", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["role"].extra["choices"] = [(role.value, role_label(role)) for role in Role]

    def filter_name(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        words = Q()
        for word in value.split()[:5]:
            words &= (
                Q(username__icontains=word)
                | Q(employee__first_name__icontains=word)
                | Q(employee__last_name__icontains=word)
                | Q(email__icontains=word)
            )
        return queryset.filter(words)

    def filter_role(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        if value == Role.PROGRAM_ADMIN.value:  # a superuser is one too (org.access)
            return queryset.filter(Q(groups__name=value) | Q(is_superuser=True)).distinct()
        return queryset.filter(groups__name=value)

    def filter_department(self, queryset: QuerySet[User], name: str, value: Department) -> QuerySet[User]:
        return queryset.filter(employee__department__path__startswith=value.path)
