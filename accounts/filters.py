"""The audit trail's filters: what was done, by whom (part of a username), between which local days."""

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditAction, AuditEvent
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
