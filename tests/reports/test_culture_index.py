"""The service culture index, checked by value: each figure below is worked out by hand in the comments.

Weights (reports/services/dashboard.py): satisfaction 25, trust 25, standards 20, training coverage 15,
customer service in evaluations 15. Index = sum(part x weight) / sum(weights of the parts with data),
rounded half up to one place, once. A parent's index is computed from the pooled counts of its subtree.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from org.models import A11Driver, ServiceStandard
from reports.models import StandardCompliance, SurveyDriverDay, SurveyMetricDay, TrainingMetricMonth
from reports.periods import month_start, parse_period
from reports.public_views import last_finished_quarter
from reports.services.dashboard import Tally, Unit, build_dashboard
from serviceculture.dates import local_today
from surveys.models import Survey

pytestmark = pytest.mark.django_db


def unit(org, *, satisfaction=(0, 0), trust=(0, 0), standards=(0, 0), trained=(0, 0), customer_service=(0, "0")):
    """A unit from raw counts: (satisfied, answers), (met, measured), (trained, headcount), (scored, sum)."""
    tally = Tally()
    for driver, (satisfied, answers) in ((A11Driver.SATISFACTION, satisfaction), (A11Driver.TRUST, trust)):
        if answers:
            tally.drivers[driver].add({"answers": answers, "satisfied": satisfied, "scored": 0, "score_sum": 0})
    return Unit(
        department=org.county,
        label="County",
        tally=tally,
        standards_met=standards[0],
        standards_measured=standards[1],
        trained_12m=trained[0],
        headcount=trained[1],
        customer_service_scored=customer_service[0],
        customer_service_sum=Decimal(customer_service[1]),
    )


def test_every_part_counts_with_its_weight(org):
    county = unit(
        org,
        satisfaction=(3, 4),  # 75 %
        trust=(1, 2),  # 50 %
        standards=(1, 2),  # 50 %
        trained=(3, 4),  # 75 %
        customer_service=(2, "8"),  # mean 4.0 -> (4 - 1) x 25 = 75
    )
    # (25 x 75 + 25 x 50 + 20 x 50 + 15 x 75 + 15 x 75) / 100 = (1875 + 1250 + 1000 + 1125 + 1125) / 100 = 63.75
    assert county.culture_index == Decimal("63.8")  # half up


def test_missing_parts_are_left_out_and_the_other_weights_scaled_up(org):
    county = unit(org, satisfaction=(3, 4), trained=(1, 2))  # 75 % and 50 %; no trust, standards or evaluations
    # (25 x 75 + 15 x 50) / (25 + 15) = (1875 + 750) / 40 = 65.625
    assert county.culture_index == Decimal("65.6")
    # Counting the missing parts as zero would have given 2625 / 100 = 26.3: that is what the rule avoids.


def test_a_unit_with_nothing_measured_has_no_index(org):
    assert unit(org).culture_index is None


def test_the_index_is_rounded_once_from_exact_parts(org):
    county = unit(org, customer_service=(3, "11"))
    # mean 11 / 3 = 3.6666...; part (3.6666... - 1) x 25 = 66.666... -> 66.7.
    # (Rounding the mean to 3.67 first would give 66.75 -> 66.8: one place too high.)
    assert county.culture_index == Decimal("66.7")
    thirds = unit(org, satisfaction=(1, 3), standards=(2, 3))
    # (25 x 33.333... + 20 x 66.666...) / 45 = (833.333... + 1333.333...) / 45 = 2166.666... / 45 = 48.148...
    assert thirds.culture_index == Decimal("48.1")


# --- A department and its subtree, from report rows ------------------------------------------------


def _survey_day(org, *, point, satisfied, answers, trust=None):
    """One day of answers at a service point: `answers` satisfaction answers of which `satisfied` were 4 or 5,
    and the same number of trust answers with `trust` thumbs up (if given)."""
    survey = Survey.objects.get_or_create(title="After your visit")[0]
    day = local_today() - timedelta(days=3)
    keys = {"day": day, "department": point.department, "service_point": point, "channel": point.channel}
    SurveyMetricDay.objects.create(**keys, survey=survey, responses=answers)
    SurveyDriverDay.objects.create(
        **keys, survey=survey, driver=A11Driver.SATISFACTION, answers=answers, satisfied=satisfied
    )
    if trust is not None:
        SurveyDriverDay.objects.create(**keys, survey=survey, driver=A11Driver.TRUST, answers=answers, satisfied=trust)


@pytest.fixture
def county(org):
    """Public Works (its division Water) and Health (its division Clinic) under the county.

    - Water counter: 8 of 10 satisfied, 6 of 10 trust; Clinic desk: 1 of 2 satisfied, no trust question.
    - Training: Water 3 of 4 staff trained, Clinic 1 of 4.
    - One standard, the county's own (no division has one), not met last quarter.
    """
    _survey_day(org, point=org.counter, satisfied=8, answers=10, trust=6)
    _survey_day(org, point=org.clinic_desk, satisfied=1, answers=2)
    month = month_start(local_today())
    TrainingMetricMonth.objects.create(month=month, department=org.water, employees_trained_12m=3, headcount=4)
    TrainingMetricMonth.objects.create(month=month, department=org.clinic, employees_trained_12m=1, headcount=4)
    standard = ServiceStandard.objects.create(
        department=org.county, title="Calls answered in a day", measure="reported_figure", target=Decimal("90")
    )
    StandardCompliance.objects.create(
        quarter=last_finished_quarter(), standard=standard, measured=Decimal("70"), target=Decimal("90"), met=False
    )
    return org


def test_each_division_and_the_county_are_computed_from_their_own_pooled_counts(county):
    dashboard = build_dashboard(root=county.county, period=parse_period("90d", local_today()))
    units = {unit.label: unit for unit in dashboard.units}
    # Public Works (Water's counts): satisfaction 8/10 = 80, trust 6/10 = 60, coverage 3/4 = 75.
    # (25 x 80 + 25 x 60 + 15 x 75) / 65 = (2000 + 1500 + 1125) / 65 = 4625 / 65 = 71.153... -> 71.2
    assert units["Public Works"].culture_index == Decimal("71.2")
    # Health (Clinic's counts): satisfaction 1/2 = 50, coverage 1/4 = 25.
    # (25 x 50 + 15 x 25) / 40 = (1250 + 375) / 40 = 40.625 -> 40.6
    assert units["Health"].culture_index == Decimal("40.6")
    # The county pools everything: satisfaction (8 + 1) / (10 + 2) = 75, trust 6/10 = 60 (only Water asked),
    # standards 0/1 = 0 (its own), coverage (3 + 1) / (4 + 4) = 50.
    # (25 x 75 + 25 x 60 + 20 x 0 + 15 x 50) / 85 = (1875 + 1500 + 0 + 750) / 85 = 4125 / 85 = 48.529... -> 48.5
    county_unit = units["Test County"]
    assert (county_unit.tally.satisfaction, county_unit.tally.trust) == (Decimal("75.0"), Decimal("60.0"))
    assert county_unit.culture_index == Decimal("48.5")
    # Not the average of the divisions' indexes ((71.2 + 40.6) / 2 = 55.9), and not even the average of the
    # divisions' satisfaction ((80 + 50) / 2 = 65): Water's 10 answers weigh five times the Clinic's 2.


def test_a_standard_of_the_parents_own_weighs_on_the_parent_only(county):
    """Only the county has a standard: the divisions leave that part out, the county counts it."""
    dashboard = build_dashboard(root=county.public_works, period=parse_period("90d", local_today()))
    assert dashboard.own.culture_index == Decimal("71.2")  # Public Works alone, as in its line above
    StandardCompliance.objects.all().update(met=True)
    # With the county's standard met: (1875 + 1500 + 20 x 100 + 750) / 85 = 6125 / 85 = 72.058... -> 72.1
    county = build_dashboard(root=county.county, period=parse_period("90d", local_today()))
    assert county.own.culture_index == Decimal("72.1")


def test_the_county_is_below_both_divisions_when_its_own_part_is_low(county):
    StandardCompliance.objects.all().delete()
    # Without the standard the county is (1875 + 1500 + 750) / 65 = 4125 / 65 = 63.461... -> 63.5, between its
    # divisions (71.2 and 40.6). With the missed standard it is 48.5 (above). Now let Health's satisfaction
    # rise: the Clinic's 2 answers both satisfied, Health becomes (25 x 100 + 15 x 25) / 40 = 2875 / 40 = 71.875.
    SurveyDriverDay.objects.filter(department=county.clinic).update(satisfied=2)
    standard = ServiceStandard.objects.get()
    StandardCompliance.objects.create(
        quarter=last_finished_quarter(), standard=standard, measured=Decimal("70"), target=Decimal("90"), met=False
    )
    dashboard = build_dashboard(root=county.county, period=parse_period("90d", local_today()))
    units = {unit.label: unit.culture_index for unit in dashboard.units}
    # County: satisfaction (8 + 2) / 12 = 83.333..., trust 60, standards 0, coverage 50:
    # (25 x 83.333... + 1500 + 0 + 750) / 85 = (2083.333... + 2250) / 85 = 4333.333... / 85 = 50.980... -> 51.0
    assert units == {"Test County": Decimal("51.0"), "Public Works": Decimal("71.2"), "Health": Decimal("71.9")}
    assert units["Test County"] < Decimal("71.2") and units["Test County"] < Decimal("71.9")  # below both


def test_the_dashboard_explains_how_a_parent_relates_to_its_divisions(client, county):
    client.force_login(county.admin_user)
    text = client.get(reverse("reports:dashboard")).content.decode()
    assert "not an average of its divisions" in text
    assert "can be lower than every one of its divisions" in text


def test_a_standard_of_a_division_counts_for_that_division_and_the_parent(county):
    ServiceStandard.objects.update(department=county.clinic)
    dashboard = build_dashboard(root=county.county, period=parse_period("90d", local_today()))
    units = {unit.label: unit for unit in dashboard.units}
    assert (units["Health"].standards_met, units["Health"].standards_measured) == (0, 1)
    assert (units["Public Works"].standards_measured, units["Test County"].standards_measured) == (0, 1)
    # Health now: (25 x 50 + 20 x 0 + 15 x 25) / 60 = 1625 / 60 = 27.083... -> 27.1
    assert units["Health"].culture_index == Decimal("27.1")
    assert units["Test County"].culture_index == Decimal("48.5")  # the same pooled counts as before
