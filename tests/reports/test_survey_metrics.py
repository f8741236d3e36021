"""Survey metrics against hand-computed figures: what counts, which local day, and how a run rewrites them."""

from datetime import date

import pytest
from django.utils import timezone

from reports.models import MetricsRun, SurveyDriverDay, SurveyMetricDay
from reports.services.survey_metrics import recompute_survey_days
from surveys.models import LinkViewDay, SurveyLink
from tests.reports.conftest import local

pytestmark = pytest.mark.django_db


def _rebuild(first, last=None):
    run = MetricsRun.objects.create(started_at=timezone.now())
    return recompute_survey_days(first=first, last=last or first, run=run)


def _driver(day, driver):
    return SurveyDriverDay.objects.get(day=day, driver=driver)


def test_a_day_counts_reportable_responses_answers_follow_ups_compliments_and_views(kit, org):
    day = date(2026, 5, 12)
    kit.respond(at=local(2026, 5, 12, 9), satisfaction=5, trust=True, wants_contact=True, contact_name="Ana")
    happy = kit.respond(at=local(2026, 5, 12, 11), satisfaction=4, trust=False)
    kit.respond(at=local(2026, 5, 12, 15), satisfaction=2)
    kit.respond(at=local(2026, 5, 12, 16), satisfaction=5, trust=True, is_spam=True)
    kit.respond(at=local(2026, 5, 12, 17), satisfaction=5, trust=True, deleted_at=timezone.now())
    kit.compliment(happy, org.water_worker)
    kit.views(day=day, count=10)

    _rebuild(day)

    row = SurveyMetricDay.objects.get()
    assert (row.day, row.department, row.service_point, row.channel, row.survey) == (
        day,
        org.water,
        org.counter,
        "counter",
        kit.survey,
    )
    assert (row.responses, row.follow_ups, row.follow_ups_waiting, row.compliments, row.link_views) == (3, 1, 1, 1, 10)
    satisfaction = _driver(day, "satisfaction")
    assert (satisfaction.answers, satisfaction.satisfied, satisfaction.scored, satisfaction.score_sum) == (3, 2, 3, 11)
    trust = _driver(day, "trust")
    assert (trust.answers, trust.satisfied, trust.scored, trust.score_sum) == (2, 1, 0, 0)


def test_a_day_keeps_the_answers_at_each_scale_point_and_the_offers_by_kind_of_link(kit, org):
    day = date(2026, 5, 12)
    for score in (5, 4, 4, 2):
        kit.respond(at=local(2026, 5, 12, 9), satisfaction=score)
    kit.views(day=day, count=6)  # the open link at the counter
    single = SurveyLink.objects.create(
        token="single-1", survey=kit.survey, service_point=org.counter, kind="single_use"
    )
    SurveyLink.objects.filter(pk=single.pk).update(created_at=local(2026, 5, 12, 23, 30))  # 03:30 UTC the 13th
    LinkViewDay.objects.create(link=single, day=day, views=2)

    _rebuild(day)

    row = SurveyMetricDay.objects.get()
    # Views: 6 through the open link + 2 through the single-use one; the single-use link was issued that local day.
    assert (row.link_views, row.open_link_views, row.single_use_links_issued) == (8, 6, 1)
    satisfaction = _driver(day, "satisfaction")
    points = [
        satisfaction.score_1,
        satisfaction.score_2,
        satisfaction.score_3,
        satisfaction.score_4,
        satisfaction.score_5,
    ]
    assert points == [0, 1, 0, 2, 1] and sum(points) == satisfaction.scored


def test_link_views_without_responses_still_make_a_row(kit, org):
    kit.views(day=date(2026, 5, 13), count=4, service_point=org.clinic_desk)
    _rebuild(date(2026, 5, 13))
    row = SurveyMetricDay.objects.get()
    assert (row.department, row.responses, row.link_views) == (org.clinic, 0, 4)


def test_days_are_local_calendar_days_across_midnight(kit):
    kit.respond(at=local(2026, 6, 1, 23, 59), satisfaction=5)  # 03:59 UTC on 2 June
    kit.respond(at=local(2026, 6, 2, 0, 1), satisfaction=1)
    _rebuild(date(2026, 6, 1), date(2026, 6, 2))
    by_day = dict(SurveyMetricDay.objects.values_list("day", "responses"))
    assert by_day == {date(2026, 6, 1): 1, date(2026, 6, 2): 1}
    assert _driver(date(2026, 6, 1), "satisfaction").score_sum == 5


def test_days_are_local_across_the_spring_daylight_saving_change(kit):
    # Clocks jump from 02:00 EST to 03:00 EDT on 8 March 2026: that local day has 23 hours.
    kit.respond(at=local(2026, 3, 7, 23, 30), satisfaction=5)  # 04:30 UTC on 8 March, still the 7th here
    kit.respond(at=local(2026, 3, 8, 0, 30), satisfaction=5)
    kit.respond(at=local(2026, 3, 8, 23, 30), satisfaction=5)  # 03:30 UTC on 9 March
    kit.respond(at=local(2026, 3, 9, 0, 15), satisfaction=5)
    _rebuild(date(2026, 3, 7), date(2026, 3, 9))
    by_day = dict(SurveyMetricDay.objects.values_list("day", "responses"))
    assert by_day == {date(2026, 3, 7): 1, date(2026, 3, 8): 2, date(2026, 3, 9): 1}


def test_days_are_local_across_the_autumn_daylight_saving_change(kit):
    # On 1 November 2026 01:00-02:00 happens twice: that local day has 25 hours.
    kit.respond(at=local(2026, 11, 1, 23, 45), satisfaction=3)  # 04:45 UTC on 2 November
    kit.respond(at=local(2026, 11, 2, 0, 5), satisfaction=3)
    _rebuild(date(2026, 11, 1), date(2026, 11, 2))
    assert dict(SurveyMetricDay.objects.values_list("day", "responses")) == {date(2026, 11, 1): 1, date(2026, 11, 2): 1}


def test_a_rebuilt_range_drops_keys_that_no_longer_count(kit):
    only = kit.respond(at=local(2026, 5, 20, 10), satisfaction=4)
    _rebuild(date(2026, 5, 20))
    assert SurveyMetricDay.objects.count() == 1
    only.is_spam = True
    only.save()
    _rebuild(date(2026, 5, 20))
    assert not SurveyMetricDay.objects.exists()
    assert not SurveyDriverDay.objects.exists()


def test_a_rebuilt_range_leaves_other_days_alone(kit):
    kit.respond(at=local(2026, 5, 20, 10), satisfaction=4)
    kit.respond(at=local(2026, 5, 22, 10), satisfaction=4)
    _rebuild(date(2026, 5, 20), date(2026, 5, 22))
    SurveyMetricDay.objects.update(responses=99)  # stand-in for an earlier run's figures
    _rebuild(date(2026, 5, 22))
    assert dict(SurveyMetricDay.objects.values_list("day", "responses")) == {
        date(2026, 5, 20): 99,
        date(2026, 5, 22): 1,
    }


def test_a_follow_up_answered_by_the_department_stops_waiting(kit):
    asked = kit.respond(at=local(2026, 5, 14, 9), satisfaction=2, wants_contact=True, contact_email="a@example.org")
    _rebuild(date(2026, 5, 14))
    assert SurveyMetricDay.objects.get().follow_ups_waiting == 1
    asked.status = "responded"
    asked.save()
    _rebuild(date(2026, 5, 14))
    row = SurveyMetricDay.objects.get()
    assert (row.follow_ups, row.follow_ups_waiting) == (1, 0)
