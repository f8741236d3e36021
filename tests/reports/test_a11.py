"""The quarterly A-11 CX data collection against a quarter worked out by hand, as CSV, XLSX and on the page."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from org.models import A11Driver, Channel, ServicePoint
from reports.models import ServedVolume, SurveyDriverDay
from reports.periods import quarter_start
from reports.services import compute_metrics
from serviceculture.dates import add_months, local_today
from surveys.models import Answer, Audience, LinkKind, LinkViewDay, Response, SurveyLink
from surveys.services.builder import A11_STATEMENTS, create_a11_survey
from surveys.services.links import create_links
from surveys.services.responses import satisfaction_of
from tests.reports.conftest import local

pytestmark = pytest.mark.django_db

URL = reverse("reports:a11_export")
TEXT = {driver: english for driver, english, _spanish in A11_STATEMENTS}
DRIVER_ORDER = list(A11Driver)


def _at(day: date, hour: int = 10):
    return local(day.year, day.month, day.day, hour)


class Quarter:
    """Last quarter at the Water counter (in person, an open link on a poster) and on the Water phone line
    (single-use links read out at the end of each call), with one OMB-cleared A-11 survey."""

    def __init__(self, org):
        self.org = org
        self.start = add_months(quarter_start(local_today()), -3)
        self.survey = create_a11_survey(by=org.admin_user)
        self.survey.omb_control_number, self.survey.omb_expires_on = "1505-0191", date(2030, 1, 31)
        self.survey.save()
        self.questions = {question.driver: question for question in self.survey.questions.exclude(driver="")}
        self.phone = ServicePoint.objects.create(department=org.water, name="Water line", channel=Channel.PHONE)
        self.poster = create_links(survey=self.survey, service_point=org.counter, by=org.admin_user)[0]
        self.single_use = create_links(
            survey=self.survey, service_point=self.phone, by=org.admin_user, kind=LinkKind.SINGLE_USE, count=15
        )

    def day(self, offset: int) -> date:
        return self.start + timedelta(days=offset)

    def issue(self, links, day: date) -> None:
        SurveyLink.objects.filter(pk__in=[link.pk for link in links]).update(created_at=_at(day))

    def respond(self, link, day: date, survey=None, **scores: int) -> Response:
        point = link.service_point
        response = Response.objects.create(
            survey=survey or self.survey,
            link=link,
            service_point=point,
            department=point.department,
            channel=point.channel,
            submitted_at=_at(day),
        )
        for driver, number in scores.items():
            question = (survey or self.survey).questions.get(driver=driver)
            satisfied, score = satisfaction_of(question.kind, number)
            Answer.objects.create(
                response=response, question=question, driver=driver, number=number, satisfied=satisfied, score=score
            )
        return response


@pytest.fixture
def quarter(org, settings):
    settings.TIME_ZONE = "America/New_York"
    settings.FISCAL_YEAR_START_MONTH = 10  # the federal fiscal year
    q = Quarter(org)
    # Offers. The poster's form was opened 10 + 20 times in the quarter, and 7 times the day before it began.
    for day, views in ((q.day(4), 10), (q.day(40), 20), (q.day(-1), 7)):
        LinkViewDay.objects.create(link=q.poster, day=day, views=views)
    # Of the 15 single-use links, 12 were issued in the quarter and 3 the quarter before.
    q.issue(q.single_use[:12], q.day(2))
    q.issue(q.single_use[12:], q.day(-20))
    LinkViewDay.objects.create(link=q.single_use[0], day=q.day(3), views=5)  # a link's own views add no offer

    # At the counter: three residents who count, one spam, one the quarter before.
    q.respond(q.poster, q.day(5), satisfaction=5, trust=4, effectiveness=5)
    q.respond(q.poster, q.day(6), satisfaction=4, trust=2)
    q.respond(q.poster, q.day(41), satisfaction=2, trust=2, effectiveness=1)
    spam = q.respond(q.poster, q.day(7), satisfaction=1, trust=1)
    Response.objects.filter(pk=spam.pk).update(is_spam=True)
    q.respond(q.poster, q.day(-2), satisfaction=1)
    # On the phone: two residents.
    q.respond(q.single_use[0], q.day(3), satisfaction=3, trust=5)
    q.respond(q.single_use[1], q.day(50), satisfaction=5, trust=5, employee=4)

    # A colleague from another department rates the counter on an internal-customer survey: not residents.
    internal = create_a11_survey(by=org.admin_user, title_en="Water desk, as colleagues see it")
    internal.audience = Audience.INTERNAL
    internal.save()
    internal_link = create_links(survey=internal, service_point=org.counter, by=org.admin_user)[0]
    q.respond(internal_link, q.day(8), survey=internal, satisfaction=1, trust=1)
    LinkViewDay.objects.create(link=internal_link, day=q.day(8), views=4)

    ServedVolume.objects.create(quarter=q.start, service_point=org.counter, total_volume=900)
    ServedVolume.objects.create(quarter=q.start, service_point=q.phone, total_volume=400)
    compute_metrics(full=True)
    return q


def _fiscal(start: date) -> tuple[int, int]:
    """The federal fiscal year starts on 1 October: October-December is quarter 1 of the next year's FY."""
    return {10: (start.year + 1, 1), 1: (start.year, 2), 4: (start.year, 3), 7: (start.year, 4)}[start.month]


def _csv(client, user, quarter: Quarter, download: str = "csv") -> list[list[str]]:
    client.force_login(user)
    response = client.get(URL, {"quarter": quarter.start.isoformat(), "format": download})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def _questions(counts: dict[A11Driver, list[int]]) -> list[str]:
    """q1_text, q1_1 ... q1_5, q2_text ... for the seven drivers; every question of the survey has its text."""
    cells = []
    for driver in DRIVER_ORDER:
        cells += [TEXT[driver], *(str(count) for count in counts.get(driver, [0, 0, 0, 0, 0]))]
    return cells


def test_the_filing_has_touchpoints_columns_in_touchpoints_order(client, org, quarter):
    header = _csv(client, org.admin_user, quarter)[0]
    assert header[:10] == [
        "fiscal_year",
        "quarter",
        "service_provider_name",
        "service_name",
        "transaction_point",
        "channel",
        "volume_of_customers",
        "volume_of_customers_provided_survey_opportunity",
        "volume_of_respondents",
        "omb_control_number",
    ]
    assert header[10:16] == ["q1_text", "q1_1", "q1_2", "q1_3", "q1_4", "q1_5"]
    assert header[16] == "q2_text" and header[-1] == "q7_5" and len(header) == 10 + 7 * 6


def test_a_quarter_worked_out_by_hand_matches_cell_by_cell(client, org, quarter):
    year, number = _fiscal(quarter.start)
    lines = _csv(client, org.admin_user, quarter)
    counter = [
        str(year),
        str(number),
        "Public Works",  # the department under the county that Water belongs to
        "Water",  # the counter's own department
        "Water counter",
        "in_person",
        "900",  # entered under Served volumes
        "30",  # no entered offers: 0 single-use links + the poster's 10 + 20 views (not the 7 the day before)
        "3",  # the spam, the response of the quarter before and the colleague's are left out
        "1505-0191",
        *_questions(
            {
                # satisfaction 5, 4, 2 -> one 2, one 4, one 5
                A11Driver.SATISFACTION: [0, 1, 0, 1, 1],
                # trust 4, 2, 2 -> two 2s, one 4
                A11Driver.TRUST: [0, 2, 0, 1, 0],
                # effectiveness 5 and 1 (the second resident skipped it)
                A11Driver.EFFECTIVENESS: [1, 0, 0, 0, 1],
            }
        ),
    ]
    phone = [
        str(year),
        str(number),
        "Public Works",
        "Water",
        "Water line",
        "phone",
        "400",
        "12",  # the 12 single-use links issued in the quarter; their 5 views add nothing
        "2",
        "1505-0191",
        *_questions(
            {
                A11Driver.SATISFACTION: [0, 0, 1, 0, 1],  # 3 and 5
                A11Driver.TRUST: [0, 0, 0, 0, 2],  # 5 and 5
                A11Driver.EMPLOYEE: [0, 0, 0, 1, 0],  # one 4
            }
        ),
    ]
    assert lines[1:] == [counter, phone]


def test_the_summary_gives_the_share_satisfied_per_driver(client, org, quarter):
    lines = _csv(client, org.admin_user, quarter, "summary-csv")
    assert lines[0][4:] == ["transaction_point", "channel", "volume_of_respondents"] + [
        f"{driver.value}_satisfied_pct" for driver in DRIVER_ORDER
    ]
    # Counter: satisfaction 2 of 3 (5 and 4) = 66.67; trust 1 of 3 = 33.33; effectiveness 1 of 2 = 50.00.
    assert lines[1][4:] == ["Water counter", "in_person", "3", "66.67", "33.33", "50.00", "", "", "", ""]
    # Phone: satisfaction 1 of 2 (the 5) = 50.00; trust 2 of 2; employee 1 of 1.
    assert lines[2][4:] == ["Water line", "phone", "2", "50.00", "100.00", "", "", "", "", "100.00"]


def test_the_filing_stays_the_same_after_the_quarters_answers_are_purged(client, org, quarter):
    before = _csv(client, org.admin_user, quarter)
    Answer.objects.all().delete()
    Response.objects.all().delete()
    assert _csv(client, org.admin_user, quarter) == before


def test_an_entered_count_of_customers_offered_a_survey_is_filed_as_entered(client, org, quarter):
    ServedVolume.objects.filter(service_point=org.counter).update(surveys_offered=250)
    lines = _csv(client, org.admin_user, quarter)
    assert lines[1][4:9] == ["Water counter", "in_person", "900", "250", "3"]


def test_a_service_point_with_a_volume_and_no_survey_gets_its_row(client, org, quarter):
    ServedVolume.objects.create(quarter=quarter.start, service_point=org.clinic_desk, total_volume=75)
    lines = _csv(client, org.admin_user, quarter)
    clinic = lines[3]  # rows follow the department tree: Public Works was made before Health
    assert [line[2:9] for line in lines[1:]] == [
        ["Public Works", "Water", "Water counter", "in_person", "900", "30", "3"],
        ["Public Works", "Water", "Water line", "phone", "400", "12", "2"],
        ["Health", "Clinic", "Clinic desk", "in_person", "75", "0", "0"],
    ]
    assert clinic[9] == "" and clinic[10] == ""  # no survey behind it: no OMB number, no question text


def test_the_xlsx_holds_the_filing_and_the_summary(client, org, quarter):
    filing = _csv(client, org.admin_user, quarter)
    summary = _csv(client, org.admin_user, quarter, "summary-csv")
    response = client.get(URL, {"quarter": quarter.start.isoformat(), "format": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["CX data collection", "Summary"]

    def as_text(sheet):
        return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]

    def plain(cell: str):
        """A CSV cell as the spreadsheet holds it: numbers as numbers."""
        try:
            return float(cell)
        except ValueError:
            return cell

    assert as_text(workbook["CX data collection"]) == filing
    assert [[plain(cell) for cell in row] for row in as_text(workbook["Summary"])] == [
        [plain(cell) for cell in row] for row in summary
    ]
    assert workbook["CX data collection"]["G2"].value == 900  # numbers stay numbers


def test_text_that_a_spreadsheet_would_run_is_neutralised(client, org, quarter):
    quarter.phone.name = '=HYPERLINK("http://evil.example")'
    quarter.phone.save()
    lines = _csv(client, org.admin_user, quarter)
    assert lines[1][4] == '\'=HYPERLINK("http://evil.example")'  # "=" sorts before "W"
    response = client.get(URL, {"quarter": quarter.start.isoformat(), "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["CX data collection"]
    assert sheet["E2"].value == '\'=HYPERLINK("http://evil.example")' and sheet["E2"].data_type == "s"


def test_the_page_shows_the_filing_in_a_scrollable_region_and_explains_it(client, org, quarter):
    client.force_login(org.admin_user)
    page = client.get(URL, {"quarter": quarter.start.isoformat()}).content.decode()
    assert 'tabindex="0" role="region" aria-label="A-11 filing table, scrolls sideways"' in page
    assert "<code>volume_of_customers_provided_survey_opportunity</code>" in page
    assert "single-use links issued in the quarter" in page
    assert TEXT[A11Driver.SATISFACTION] in page


def test_report_rows_from_before_the_scale_points_were_kept_are_flagged(client, org, quarter):
    SurveyDriverDay.objects.update(score_1=0, score_2=0, score_3=0, score_4=0, score_5=0)
    client.force_login(org.admin_user)
    page = client.get(URL, {"quarter": quarter.start.isoformat()}).content.decode()
    assert "compute_metrics --full" in page


def test_the_page_costs_the_same_queries_with_ten_more_service_points(
    client, org, quarter, django_assert_max_num_queries
):
    client.force_login(org.admin_user)
    params = {"quarter": quarter.start.isoformat()}
    with django_assert_max_num_queries(20) as few:
        client.get(URL, params)
    for index in range(10):
        point = ServicePoint.objects.create(
            department=org.clinic, name=f"Clinic window {index}", channel=Channel.COUNTER
        )
        link = create_links(survey=quarter.survey, service_point=point, by=org.admin_user)[0]
        quarter.respond(link, quarter.day(9), satisfaction=4)
        ServedVolume.objects.create(quarter=quarter.start, service_point=point, total_volume=10 + index)
    compute_metrics(full=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(URL, params)
    assert len(page.context["filing"].rows) == 12


@pytest.mark.parametrize(
    "who, expected",
    [("admin_user", 200), ("hr_user", 403), ("head_user", 403), ("trainer_user", 403), ("employee_user", 403)],
)
def test_only_program_admins_open_the_a11_data_collection(client, org, who, expected):
    client.force_login(getattr(org, who))
    assert client.get(URL).status_code == expected
    assert client.get(URL, {"format": "csv"}).status_code == expected


def test_signed_out_people_are_sent_to_sign_in_and_unknown_quarters_are_404(client, org):
    assert client.get(URL).status_code == 302
    client.force_login(org.admin_user)
    assert client.get(URL, {"quarter": "1999-01-01"}).status_code == 404
