from datetime import date

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from org.models import A11Driver, Channel, Department, ServicePoint
from serviceculture.dates import local_day_bounds
from surveys.models import (
    Answer,
    Audience,
    ComplimentStatus,
    Response,
    ResponseStatus,
    ResponseTheme,
    Survey,
    Tag,
    Theme,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
LOW_CHOICE = forms.Select(
    choices=[
        ("", _("All")),
        ("true", _("Only low scores (satisfaction 1-2 or a thumbs-down)")),
        ("false", _("No low score")),
    ]
)
# The boxes that hold reportable responses only (filter_box leaves spam out; the inbox never lists deleted ones).
REPORTABLE_BOXES = {"inbox", "archived", "counted"}
BOXES = [
    ("inbox", _("Inbox")),
    ("archived", _("Archived")),
    ("spam", _("Spam")),
    # What reports count (archived included, spam left out): where the dashboard's figures lead.
    ("counted", _("Counted in reports")),
    ("all", _("Everything")),
]
VERDICTS = [
    ("answered", _("Answered")),
    ("satisfied", _("Satisfied (4-5 or thumbs up)")),
    ("not_satisfied", _("Not satisfied (1-3 or thumbs down)")),
    ("low", _("Low (1-2 or thumbs down)")),
]


def driver_filter_name(driver: str) -> str:
    """The query parameter of one A-11 driver's filter (the dashboard's links use it too)."""
    return f"driver_{driver}"


def _driver_filter(driver: A11Driver) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=driver.label, choices=VERDICTS, method="filter_driver", empty_label=_("Any answer or none")
    )


class ResponseFilter(django_filters.FilterSet):
    box = django_filters.ChoiceFilter(label=_("Show"), choices=BOXES, method="filter_box", empty_label=None)
    submitted_from = django_filters.DateFilter(label=_("From (date)"), method="filter_from", widget=DATE_INPUT)
    submitted_to = django_filters.DateFilter(label=_("To (date)"), method="filter_to", widget=DATE_INPUT)
    department = django_filters.ModelChoiceFilter(
        label=_("Department and below"), queryset=Department.objects.none(), method="filter_subtree"
    )
    service_point = django_filters.ModelChoiceFilter(label=_("Service point"), queryset=ServicePoint.objects.none())
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    survey = django_filters.ModelChoiceFilter(label=_("Survey"), queryset=Survey.objects.all())
    audience = django_filters.ChoiceFilter(
        label=_("Answered by"), field_name="survey__audience", choices=Audience.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ResponseStatus.choices)
    flagged = django_filters.BooleanFilter(label=_("Flagged"))
    wants_contact = django_filters.BooleanFilter(label=_("Asked to be contacted"))
    compliment = django_filters.ChoiceFilter(
        label=_("Compliment"), field_name="compliment__status", choices=ComplimentStatus.choices
    )
    tag = django_filters.ModelChoiceFilter(label=_("Tag"), field_name="tags", queryset=Tag.objects.all())
    comment = django_filters.CharFilter(label=_("Words in comments"), method="filter_comment")
    theme = django_filters.ModelChoiceFilter(
        label=_("Comment theme"), queryset=Theme.objects.all(), method="filter_theme"
    )
    low = django_filters.BooleanFilter(label=_("Low scores"), method="filter_low", widget=LOW_CHOICE)
    # One filter driver, named driver_<driver> (driver_filter_name).
    driver_satisfaction = _driver_filter(A11Driver.SATISFACTION)
    driver_trust = _driver_filter(A11Driver.TRUST)
    driver_effectiveness = _driver_filter(A11Driver.EFFECTIVENESS)
    driver_ease = _driver_filter(A11Driver.EASE)
    driver_efficiency = _driver_filter(A11Driver.EFFICIENCY)
    driver_equity = _driver_filter(A11Driver.EQUITY)
    driver_employee = _driver_filter(A11Driver.EMPLOYEE)

    class Meta:
        model = Response
        fields: list = []

    def __init__(self, data=None, *args, departments=None, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("box", "inbox")
        super().__init__(data, *args, **kwargs)
        departments = departments if departments is not None else Department.objects.none()
        self.filters["department"].queryset = departments
        self.filters["service_point"].queryset = ServicePoint.objects.filter(department__in=departments)

    def filter_box(self, queryset, name, value):
        if value == "archived":
            return queryset.filter(archived=True, is_spam=False)
        if value == "spam":
            return queryset.filter(is_spam=True)
        if value == "counted":
            return queryset.filter(is_spam=False)
        if value == "all":
            return queryset
        return queryset.filter(archived=False, is_spam=False)

    def filter_from(self, queryset, name, value):
        return queryset.filter(submitted_at__gte=local_day_bounds(value, value)[0])

    def filter_to(self, queryset, name, value):
        if value == date.max:  # the day after it cannot be written; every response is before it anyway
            return queryset
        return queryset.filter(submitted_at__lt=local_day_bounds(value, value)[1])

    def filter_subtree(self, queryset, name, department):
        return queryset.filter(department__path__startswith=department.path)

    def filter_comment(self, queryset, name, value):
        matching = Answer.objects.filter(response=OuterRef("pk"), text__icontains=value.strip())
        return queryset.filter(Exists(matching))

    def filter_theme(self, queryset, name, theme):
        return queryset.filter(Exists(ResponseTheme.objects.filter(response=OuterRef("pk"), theme=theme)))

    def filter_low(self, queryset, name, value):
        low = queryset.with_low_score()
        return low if value else queryset.exclude(pk__in=low.values("pk"))

    def filter_driver(self, queryset, name, value):
        return queryset.with_driver_answer(name.removeprefix("driver_"), value)
