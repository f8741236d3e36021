"""How report figures read: without decimals that say nothing, in the reader's number format, with their unit."""

from decimal import Decimal

from django.utils import translation

from org.models import ServiceStandard, StandardMeasure
from reports.templatetags.report_format import change_since_last_year, figure, in_unit


def test_a_figure_drops_the_decimals_that_say_nothing_and_follows_the_language():
    assert [figure(Decimal(value)) for value in ("50.00", "2.50", "100", "66.67")] == ["50", "2.5", "100", "66.67"]
    with translation.override("es"):
        assert figure(Decimal("2.50")) == "2,5"


def test_a_standard_reads_with_its_unit():
    by_survey = ServiceStandard(measure=StandardMeasure.SURVEY_DRIVER, target=Decimal("80"))
    in_days = ServiceStandard(measure=StandardMeasure.REPORTED_FIGURE, target=Decimal("5"), unit="days")
    assert (in_unit(Decimal("80.00"), by_survey), in_unit(Decimal("6.50"), in_days)) == ("80\u00a0%", "6.5\u00a0days")
    assert in_unit(None, in_days) == "—"


def test_a_change_reads_without_colour():
    assert change_since_last_year(Decimal("-3.50")) == '<span aria-hidden="true">▼</span> down 3.5'
    assert change_since_last_year(Decimal("0")) == '<span aria-hidden="true">=</span> no change'
    assert "no data last year" in change_since_last_year(None)
