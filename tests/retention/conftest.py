"""Records of every kind, dated by hand, on top of the `org` county and the reports' SurveyKit."""

from datetime import date

import pytest

from org.models import Employee
from tests.reports.conftest import SurveyKit
from tests.training.conftest import session, version  # noqa: F401 (fixtures: a workshop session, invited Water)


@pytest.fixture
def kit(org, settings):
    settings.TIME_ZONE = "America/New_York"
    settings.FISCAL_YEAR_START_MONTH = 7
    return SurveyKit(org)


def leaver(employee: Employee, *, left_on: date) -> Employee:
    """The employee switched off by the HR import on `left_on`."""
    Employee.objects.filter(pk=employee.pk).update(active=False, left_on=left_on)
    return employee
