"""Records of every kind, dated by hand, on top of the `org` county and the reports' SurveyKit."""

import pytest

from tests.reports.conftest import SurveyKit


@pytest.fixture
def kit(org, settings):
    settings.TIME_ZONE = "America/New_York"
    settings.FISCAL_YEAR_START_MONTH = 7
    return SurveyKit(org)
