"""The audit trail's filters: what was done, by whom (part of a username), between which local days."""

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditAction, AuditEvent
from org.models import Department
from org.roles import Role, role_label
from serviceculture.dates import local_day_bounds

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class AuditEventFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("What"), choices=AuditAction.choices, empty_label=_("Everything"))
    person = django_filters.CharFilter(label=_("Username contains"), field_name="username", lookup_expr="icontains")
    since = django_filters.DateFilter(label=_("From (date)"), method="filter_since", widget=DATE_INPUT)
    until = django_filters.DateFilter(label=_("To (date)"), method="filter_until", widget=DATE_INPUT)

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    # A day is a local calendar day (TIME_ZONE), both ends included, as everywhere else.
    def filter_since(self, queryset: QuerySet[AuditEvent], name: str, value: date) -> QuerySet[AuditEvent]:
        return queryset.filter(at__gte=local_day_bounds(value, value)[0])

    def filter_until(self, queryset: QuerySet[AuditEvent], name: str, value: date) -> QuerySet[AuditEvent]:
        if value == date.max:  # the day after it cannot be written; every event is before it anyway
            return queryset
        return queryset.filter(at__lt=local_day_bounds(value, value)[1])

    def applied(self) -> dict[str, Any]:
        """The filters in effect, as plain JSON (for the record of a download of the trail)."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        return {key: value.isoformat() if isinstance(value, date) else value for key, value in data.items() if value}


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
