"""Internal-customer answers never move a resident figure, and have a section of their own (issue 11).

The auditor's case: residents answered four times at the Water counter in the last finished quarter, two of
them satisfied (5, 4, 2, 1) and two trusting the county more. Twenty staff then rated the same counter on an
internal-customer survey, none satisfied (all 2) and five trusting it more. Counted together that would be
24 responses at 2 / 24 = 8.33 % satisfied and 7 / 24 = 29.17 % trust. Counted right, residents stay at 4
responses, 2 / 4 = 50 % satisfied and 2 / 4 = 50 % trust, and the staff answers show apart: 20 answers,
0 / 20 = 0 % satisfied, 5 / 20 = 25 % trust.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.evidence import evidence_for
from evaluations.models import Evaluation
from org.models import ServiceStandard
from reports.models import StandardCompliance
from reports.periods import fiscal_year_of, quarter_end
from reports.public_views import last_finished_quarter
from reports.services import compute_metrics
from reports.services.a11 import build_filing
from reports.views import annual_pdf_html
from tests.evaluations.builders import make_cycle, open_for
from tests.reports.conftest import local
from tests.reports.test_dashboard import _fill_report_tables

pytestmark = pytest.mark.django_db


def _in_quarter(day: int, hour: int = 10):
    quarter = last_finished_quarter()
    return local(quarter.year, quarter.month, day, hour)


@pytest.fixture
def residents_answered(org, kit):
    """The four residents' answers at the Water counter, one naming Walter, and a standard Public Works publishes
    (residents satisfied at least 40 % of the time), measured for the quarter."""
    ServiceStandard.objects.create(
        department=org.public_works,
        title="Residents leave satisfied",
        measure="survey_driver",
        driver="satisfaction",
        target=Decimal("40"),
        published=True,
    )
    for day, (score, trust) in enumerate(((5, True), (4, False), (2, True), (1, False)), start=3):
        response = kit.respond(at=_in_quarter(day), satisfaction=score, trust=trust)
    kit.compliment(response, org.water_worker)
    org.counter.staff.add(org.water_worker)
    quarter = last_finished_quarter()
    cycle = make_cycle()
    cycle.period_start, cycle.period_end = quarter, quarter_end(quarter)
    cycle.save()
    open_for(org, cycle=cycle)
    compute_metrics(full=True)


def _staff_rate_the_counter(org, staff_kit):
    """Twenty staff answers at the same counter in the same quarter: none satisfied, five trusting; one names
    Walter, which is a colleague's compliment and not a resident's."""
    for n in range(20):
        response = staff_kit.respond(at=_in_quarter(10 + n % 15, 9 + n % 8), satisfaction=2, trust=n < 5)
    staff_kit.compliment(response, org.water_worker)
    compute_metrics(full=True)


def _resident_figures(client, org) -> dict:
    """Every resident figure the issue names, read as a person (or the A-11 filing) would see it."""
    quarter = last_finished_quarter()
    header, *rows = build_filing(quarter).summary_table()
    [a11] = [
        row
        for row in (dict(zip(header, cells, strict=True)) for cells in rows)
        if row["transaction_point"] == "Water counter"
    ]
    compliance = StandardCompliance.objects.get(quarter=quarter, standard__title="Residents leave satisfied")
    client.force_login(org.head_user)
    dashboard = client.get(reverse("reports:dashboard"), {"period": f"q{quarter.isoformat()}"}).context["dashboard"]
    [(counter, point)] = dashboard.service_points
    annual = client.get(reverse("reports:annual"), {"year": fiscal_year_of(quarter)}).context["report"]
    evaluation = Evaluation.objects.select_related("cycle", "employee", "department").get(employee=org.water_worker)
    evidence = evidence_for(evaluation)
    employee_page = client.get(reverse("org:employee_detail", args=[org.water_worker.pk])).content.decode()
    return {
        "a11": (a11["volume_of_respondents"], a11["satisfaction_satisfied_pct"], a11["trust_satisfied_pct"]),
        "standard": (compliance.measured, compliance.answers, compliance.met),
        "standards_page": "50 % satisfied (our target: 40 %), from 4 answers."
        in client.get("/standards/").content.decode(),
        "dashboard": (dashboard.current.responses, dashboard.current.satisfaction, dashboard.current.trust),
        "dashboard_point": (counter.name, point.responses, point.satisfaction),
        "dashboard_trend": sum(row["responses"] for row in dashboard.trend),
        "index": dashboard.own.culture_index,
        "annual": (annual.total.this_year.responses, annual.total.this_year.satisfaction, annual.total.this_year.trust),
        "evidence": (evidence["point_results"][0]["answers"], evidence["point_results"][0]["share"]),
        "evidence_department": evidence["department_results"][0]["share"],
        "compliments": (evidence["compliment_count"], "1 confirmed compliment from residents." in employee_page),
    }


HAND_COMPUTED = {
    "a11": (4, Decimal("50.00"), Decimal("50.00")),  # 2 of 4 satisfied, 2 of 4 trusting
    "standard": (Decimal("50.00"), 4, True),  # 50 % against a target of 40 %: met (8.33 % would miss it)
    "standards_page": True,
    "dashboard": (4, Decimal("50.0"), Decimal("50.0")),
    "dashboard_point": ("Water counter", 4, Decimal("50.0")),
    "dashboard_trend": 4,
    # satisfaction 50 x 25 + trust 50 x 25 + standards met 100 x 20, over the weights with data (70): 64.3
    "index": Decimal("64.3"),
    "annual": (4, Decimal("50.0"), Decimal("50.0")),
    "evidence": (4, Decimal("50.0")),
    "evidence_department": Decimal("50.0"),
    "compliments": (1, True),
}


def test_twenty_staff_answers_move_no_resident_figure(client, org, residents_answered, staff_kit):
    before = _resident_figures(client, org)
    assert before == HAND_COMPUTED
    _staff_rate_the_counter(org, staff_kit)
    assert _resident_figures(client, org) == HAND_COMPUTED


def test_the_department_dashboard_shows_how_other_departments_rate_it(client, org, residents_answered, staff_kit):
    _staff_rate_the_counter(org, staff_kit)
    client.force_login(org.head_user)
    response = client.get(reverse("reports:dashboard"), {"period": f"q{last_finished_quarter().isoformat()}"})
    internal = response.context["dashboard"].internal
    assert (internal.current.responses, internal.current.satisfaction, internal.current.trust) == (
        20,
        Decimal("0.0"),
        Decimal("25.0"),
    )
    assert [(department.name, tally.responses) for department, tally in internal.providers] == [("Water", 20)]
    page = response.content.decode()
    assert "Internal customers: how other departments rate this service" in page
    assert "Colleagues in other departments are customers too." in page
    assert "Staff answers this period: 20 (previous period: 0)." in page


def test_the_annual_report_has_an_internal_customer_section_on_the_page_in_csv_and_in_the_pdf_html(
    client, org, residents_answered, staff_kit
):
    _staff_rate_the_counter(org, staff_kit)
    year = fiscal_year_of(last_finished_quarter())
    client.force_login(org.head_user)
    response = client.get(reverse("reports:annual"), {"year": year})
    report = response.context["report"]
    assert [(line.label, line.this_year.responses) for line in report.rated_internal_lines] == [("Water", 20)]
    assert (report.internal_total.this_year.satisfaction, report.internal_total.this_year.trust) == (
        Decimal("0.0"),
        Decimal("25.0"),
    )
    assert "What other departments told us: internal customers" in response.content.decode()
    assert "What other departments told us: internal customers" in annual_pdf_html(report)
    csv = client.get(reverse("reports:annual"), {"year": year, "format": "csv"}).content.decode().splitlines()
    header, total = csv[0].split(","), csv[-1].split(",")
    figures = dict(zip(header, total, strict=True))
    assert (figures["responses"], figures["satisfaction_satisfied_pct"]) == ("4", "50.0")
    assert (figures["internal_responses"], figures["internal_satisfaction_satisfied_pct"]) == ("20", "0.0")
    assert figures["internal_trust_satisfied_pct"] == "25.0"


def test_without_internal_surveys_the_section_says_so(client, org, residents_answered):
    client.force_login(org.head_user)
    page = client.get(reverse("reports:dashboard"), {"period": f"q{last_finished_quarter().isoformat()}"})
    assert not page.context["dashboard"].internal.answered
    assert "No internal-customer survey was answered for these departments" in page.content.decode()


def _dashboard_queries(client, org) -> int:
    client.get(reverse("reports:dashboard"), {"period": "365d"})  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("reports:dashboard"), {"period": "365d"})
    assert response.status_code == 200
    return len(captured)


def test_the_internal_section_adds_no_query_per_row(client, org, kit, staff_kit, django_assert_max_num_queries):
    client.force_login(org.admin_user)
    _fill_report_tables(org, kit, responses_per_row=5, days=10)
    small = _dashboard_queries(client, org)
    _fill_report_tables(org, staff_kit, responses_per_row=40, days=365)  # both service points rated all year
    big = _dashboard_queries(client, org)
    assert big == small
    with django_assert_max_num_queries(small):
        internal = client.get(reverse("reports:dashboard"), {"period": "365d"}).context["dashboard"].internal
    assert internal.current.responses == 2 * 365 * 40
    assert {department.name for department, _tally in internal.providers} == {"Water", "Clinic"}
