"""The dashboards: who sees what, the numbers they show, CSV exports and a fixed number of queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from org.models import A11Driver
from reports.models import Initiative, SurveyDriverDay, SurveyMetricDay
from reports.periods import Period
from reports.services import compute_metrics
from reports.services.dashboard import build_dashboard
from tests.reports.conftest import local

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")


def _get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


@pytest.fixture
def answered(kit, org):
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    kit.respond(at=now - timedelta(days=3), satisfaction=5, trust=True)
    kit.respond(at=now - timedelta(days=4), satisfaction=2, trust=False)
    kit.respond(at=now - timedelta(days=5), service_point=org.clinic_desk, satisfaction=4, trust=True)
    kit.respond(at=now - timedelta(days=100), satisfaction=1, trust=False)  # the previous 90 days
    compute_metrics(full=True)
    return kit


def test_a_head_sees_their_subtree_over_the_last_90_days(client, org, answered):
    response = _get(client, org.head_user)
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    assert dashboard.root == org.public_works
    assert dashboard.current.responses == 2  # the clinic is in a sibling subtree
    assert dashboard.current.satisfaction == 50
    assert dashboard.before.satisfaction == 0
    assert [unit.label for unit in dashboard.units] == ["Public Works", "Water"]
    assert "Data as of" in response.content.decode()


def test_admin_starts_agency_wide_and_drills_down(client, org, answered):
    dashboard = _get(client, org.admin_user).context["dashboard"]
    assert dashboard.root == org.county and dashboard.current.responses == 3
    assert {unit.label: unit.tally.responses for unit in dashboard.units[1:]} == {"Public Works": 2, "Health": 1}
    drilled = _get(client, org.admin_user, department=org.health.pk).context["dashboard"]
    assert drilled.current.responses == 1 and drilled.current.trust == 100


@pytest.mark.parametrize(
    "who, department, expected",
    [
        ("head_user", "health", 404),
        ("head_user", "county", 404),
        ("head_user", "water", 200),
        ("other_head_user", "clinic", 200),
        ("hr_user", "clinic", 200),
        ("employee_user", "water", 403),
        ("trainer_user", "water", 403),
    ],
)
def test_access_matrix(client, org, who, department, expected):
    assert _get(client, getattr(org, who), department=getattr(org, department).pk).status_code == expected


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_periods_can_be_chosen_and_unknown_ones_fall_back(client, org, answered):
    year = _get(client, org.head_user, period="365d").context["dashboard"]
    assert year.current.responses == 3
    assert _get(client, org.head_user, period="nonsense").context["dashboard"].period.key == "90d"


def test_tables_download_as_csv(client, org, answered):
    response = _get(client, org.admin_user, export="departments")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Department,Responses,Satisfied")
    assert any(line.startswith("Public Works,2,50.0") for line in lines)
    points = _get(client, org.head_user, export="service_points").content.decode()
    assert "Water counter" in points and "Clinic desk" not in points


def test_the_index_formula_is_on_the_page(client, org, answered):
    Initiative.objects.create(
        department=org.water, area="technology", description="Online meter readings", target_date=timezone.localdate()
    )
    page = _get(client, org.head_user).content.decode()
    assert "How the service culture index is computed" in page
    assert "Online meter readings" in page


def _fill_report_tables(org, kit, *, responses_per_row: int, days: int):
    today = timezone.localdate()
    rows, drivers = [], []
    for offset in range(days):
        for point in (org.counter, org.clinic_desk):
            key = {
                "day": today - timedelta(days=offset),
                "department": point.department,
                "service_point": point,
                "channel": point.channel,
                "survey": kit.survey,
            }
            rows.append(SurveyMetricDay(**key, responses=responses_per_row, link_views=2 * responses_per_row))
            drivers += [
                SurveyDriverDay(
                    **key,
                    driver=driver,
                    answers=responses_per_row,
                    satisfied=responses_per_row // 2,
                    scored=responses_per_row,
                    score_sum=4 * responses_per_row,
                )
                for driver in A11Driver.values
            ]
    SurveyMetricDay.objects.bulk_create(rows, batch_size=2000)
    SurveyDriverDay.objects.bulk_create(drivers, batch_size=2000)


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(URL, {"period": "365d"})  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"period": "365d"}).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_from_1000_to_100000_responses(client, org, kit, django_assert_max_num_queries):
    _fill_report_tables(org, kit, responses_per_row=20, days=25)  # 2 x 25 x 20 = 1,000 responses
    small = _queries(client, org.admin_user)
    SurveyMetricDay.objects.all().delete()
    SurveyDriverDay.objects.all().delete()
    _fill_report_tables(org, kit, responses_per_row=137, days=365)  # 2 x 365 x 137 = 100,010 responses
    assert sum(SurveyMetricDay.objects.values_list("responses", flat=True)) >= 100_000
    big = _queries(client, org.admin_user)
    assert big == small
    with django_assert_max_num_queries(small):
        client.get(URL, {"period": "365d"})


def test_a_head_records_an_initiative_for_a_division_and_sees_it_on_the_dashboard(client, org):
    client.force_login(org.head_user)
    form = {
        "department": org.water.pk,
        "area": "customer_data",
        "description": "Text a survey after each call",
        "owner": org.water_worker.pk,
        "target_date": "2027-03-31",
        "status": "under_way",
    }
    response = client.post(reverse("reports:initiative_add"), form)
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert (initiative.department, initiative.owner) == (org.water, org.water_worker)
    assert "Text a survey after each call" in client.get(URL).content.decode()
    edit = client.post(reverse("reports:initiative_edit", args=[initiative.pk]), {**form, "status": "done"})
    assert edit.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == "done"


def test_an_initiative_remembers_who_last_changed_it(client, org):
    initiative = Initiative.objects.create(
        department=org.water, area="training", description="Refresher for the counter", target_date="2027-01-31"
    )
    client.force_login(org.head_user)
    form = {
        "department": org.water.pk,
        "area": "training",
        "description": "Refresher for the counter and phones",
        "target_date": "2027-01-31",
        "status": "under_way",
    }
    client.post(reverse("reports:initiative_edit", args=[initiative.pk]), form)
    initiative.refresh_from_db()
    assert (initiative.description, initiative.updated_by) == ("Refresher for the counter and phones", org.head_user)


def test_an_initiative_outside_the_heads_scope_cannot_be_chosen_or_opened(client, org):
    other = Initiative.objects.create(
        department=org.clinic, area="training", description="Clinic plan", target_date=timezone.localdate()
    )
    client.force_login(org.head_user)
    assert client.get(reverse("reports:initiative_edit", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("reports:initiative_add"),
        {
            "department": org.clinic.pk,
            "area": "training",
            "description": "Not mine",
            "target_date": "2027-01-01",
            "status": "planned",
        },
    )
    assert response.status_code == 200 and "department" in response.context["form"].errors
    assert response.context["form"].data["description"] == "Not mine"  # nothing typed is lost
    assert "Clinic plan" not in client.get(reverse("reports:initiatives")).content.decode()
    client.force_login(org.employee_user)
    assert client.get(reverse("reports:initiatives")).status_code == 403


def test_an_employee_gets_a_403_on_someone_elses_initiative(client, org):
    initiative = Initiative.objects.create(
        department=org.water, area="training", description="Water plan", target_date=timezone.localdate()
    )
    client.force_login(org.employee_user)
    assert client.get(reverse("reports:initiative_edit", args=[initiative.pk])).status_code == 403


@pytest.fixture
def spring(kit):
    """Four responses around March 2026 (March 2 and 9 are Mondays)."""
    kit.respond(at=local(2026, 3, 4, 10), satisfaction=5, trust=True)
    kit.respond(at=local(2026, 3, 8, 10), satisfaction=2)  # Sunday: still the week of March 2
    kit.respond(at=local(2026, 3, 9, 10), satisfaction=4, trust=False)
    kit.respond(at=local(2026, 4, 1, 10), satisfaction=5)
    compute_metrics(full=True)


def _trend(org, start, end):
    dashboard = build_dashboard(root=org.county, period=Period("custom", "custom", start, end))
    return dashboard.trend_grain, [
        (row["start"], row["responses"], row["satisfaction"], row["trust"]) for row in dashboard.trend
    ]


def test_a_30_day_period_trends_week_by_week_from_the_periods_first_day(org, spring):
    grain, rows = _trend(org, date(2026, 3, 4), date(2026, 4, 2))
    assert grain == "week"
    assert rows == [
        (date(2026, 3, 4), 2, Decimal("50.0"), Decimal("100.0")),  # the week of March 2, cut at the period's start
        (date(2026, 3, 9), 1, Decimal("100.0"), Decimal("0.0")),
        (date(2026, 3, 30), 1, Decimal("100.0"), None),
    ]


def test_a_fiscal_year_trends_month_by_month(org, spring):
    grain, rows = _trend(org, date(2025, 7, 1), date(2026, 6, 30))
    assert grain == "month"
    assert rows == [
        (date(2026, 3, 1), 3, Decimal("66.7"), Decimal("50.0")),
        (date(2026, 4, 1), 1, Decimal("100.0"), None),
    ]


def test_the_dashboard_page_names_the_trend_grain(client, org, answered):
    assert "Trend by week" in _get(client, org.head_user, period="30d").content.decode()
    assert "Trend by month" in _get(client, org.head_user, period="365d").content.decode()


def test_a_percentage_never_breaks_between_the_figure_and_its_sign():
    from reports.templatetags.report_format import percent

    assert percent(Decimal("58.1")) == "58.1\u00a0%"
    assert percent(None) == "—"
