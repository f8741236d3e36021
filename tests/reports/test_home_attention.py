"""Each role's home page says what needs attention now, and every count opens the list of exactly those rows."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import resolve, reverse
from django.utils import timezone

from evaluations.models import SETTLED_STATUSES, Evaluation, EvaluationStatus
from evaluations.services.certification import certify_department
from org.models import Channel, ServiceStandard
from org.roles import Role
from reports.models import StandardCompliance
from reports.periods import quarter_start
from reports.selectors import home_attention
from surveys.models import Answer, Response, ResponseStatus, SurveyStatus
from surveys.services.builder import create_a11_survey
from tests.evaluations.builders import open_for
from tests.training.conftest import published_module
from training.models import Attendance, Commitment
from training.services.sessions import schedule_session

pytestmark = pytest.mark.django_db


def _response(org, survey, *, days_ago: int = 0, satisfaction: int | None = 5, **fields) -> Response:
    response = Response.objects.create(
        survey=survey,
        service_point=fields.pop("service_point", org.counter),
        department=fields.pop("department", org.water),
        channel=Channel.COUNTER,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )
    if satisfaction is not None:
        question = survey.questions.get(driver="satisfaction")
        Answer.objects.create(
            response=response,
            question=question,
            driver="satisfaction",
            number=satisfaction,
            score=satisfaction,
            satisfied=satisfaction >= 4,
        )
    return response


@pytest.fixture
def feedback(org):
    """Water (Public Works) residents: two low ratings this week, one three weeks ago, one last quarter, a
    happy one, an archived low one, a spam low one, and two residents waiting to be contacted; a low rating in
    the Clinic (Health), which Public Works' head does not see."""
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    _response(org, survey, satisfaction=1)
    _response(org, survey, days_ago=3, satisfaction=2)
    _response(org, survey, days_ago=20, satisfaction=1)
    _response(org, survey, days_ago=60, satisfaction=1)
    _response(org, survey, satisfaction=5)
    _response(org, survey, satisfaction=3)  # neutral is not low
    _response(org, survey, satisfaction=1, archived=True)
    _response(org, survey, satisfaction=1, is_spam=True)
    _response(org, survey, wants_contact=True, contact_name="Ana", contact_email="ana@example.org")
    _response(org, survey, wants_contact=True, contact_phone="555-0100")
    _response(org, survey, wants_contact=True, contact_name="Bo", status=ResponseStatus.RESPONDED)
    _response(org, survey, satisfaction=1, department=org.clinic, service_point=org.clinic_desk)
    return survey


@pytest.fixture
def training(org):
    """Trina facilitates a session today and two later; Walter is invited to the later ones; Walter's
    commitment is overdue and one is not yet due."""
    version = published_module()
    trina = org.county.employees.get(first_name="Trina")
    now = timezone.localtime()
    today_noon = now.replace(hour=12, minute=0, second=0, microsecond=0)
    sessions = [
        schedule_session(
            by=org.trainer_user,
            module_version=version,
            facilitator=trina,
            starts_at=starts,
            location="Room 101",
            capacity=10,
            invited_departments=[org.water],
        )
        for starts in (today_noon, today_noon + timedelta(days=2), today_noon + timedelta(days=9))
    ]
    for session in sessions[1:]:
        Attendance.objects.get_or_create(session=session, employee=org.water_worker)
    today = timezone.localdate()
    Commitment.objects.create(
        employee=org.water_worker, module_version=version, text="Smile", follow_up_on=today - timedelta(days=3)
    )
    Commitment.objects.create(
        employee=org.water_worker, module_version=version, text="Listen", follow_up_on=today + timedelta(days=10)
    )
    return sessions


@pytest.fixture
def cycle(org):
    """An open cycle: Clara's evaluation rated by Trina and waiting for Health's head to review it, Walter's
    released to him."""
    cycle = open_for(org)
    trina = org.county.employees.get(first_name="Trina")
    Evaluation.objects.filter(cycle=cycle, employee=org.clinic_worker).update(
        status=EvaluationStatus.RATED, evaluator=trina
    )
    Evaluation.objects.filter(cycle=cycle, employee=org.water_worker).update(status=EvaluationStatus.RELEASED)
    return cycle


@pytest.fixture
def standards(org):
    """This quarter Public Works misses one standard and meets another, Health misses one; last quarter
    Public Works missed one (over, so no longer at risk)."""
    this_quarter = quarter_start(timezone.localdate())
    last_quarter = quarter_start(this_quarter - timedelta(days=1))
    for department, title, quarter, met in (
        (org.public_works, "Answer emails in two days", this_quarter, False),
        (org.water, "Fix a leak in a day", this_quarter, True),
        (org.public_works, "Answer the phone in a minute", last_quarter, False),
        (org.health, "See walk-ins within an hour", this_quarter, False),
    ):
        standard = ServiceStandard.objects.create(
            department=department, title=title, measure="survey_driver", driver="satisfaction", target=Decimal("80")
        )
        StandardCompliance.objects.create(
            quarter=quarter, standard=standard, measured=Decimal("90" if met else "60"), target=Decimal("80"), met=met
        )


def _rows(client, url: str) -> int:
    """How many rows the list behind a home page count shows."""
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    name = resolve(urlsplit(url).path).url_name
    query = dict(part.split("=") for part in urlsplit(url).query.split("&") if part)
    if name == "my_evaluations":
        return len(context["items"])
    if name == "my_training":
        return len(context["commitments"] if query.get("commitments") == "due" else context["upcoming"])
    if name == "session_list":
        return len(context["upcoming"]) + context["paginator"].count
    if name == "certifications":  # the departments still to sign, and their finalised evaluations
        unsigned = [row["department"] for row in context["rows"] if not row["signed"]]
        settled = Evaluation.objects.filter(cycle=context["cycle"], status__in=SETTLED_STATUSES)
        return sum(settled.in_subtree(department).count() for department in unsigned)
    if "table" in context:
        return len(context["table"].data)
    return context["paginator"].count


def _items(page) -> dict[str, tuple[int, str]]:
    return {item.label: (item.count, item.url) for item in page}


def test_head_sees_low_ratings_contact_requests_standards_commitments_and_reviews(
    client, org, feedback, training, cycle, standards
):
    client.force_login(org.other_head_user)  # Health's head: the clinic's low rating, Clara's evaluation
    items = _items(home_attention(org.other_head_user).head)
    assert items["Low ratings in the last 7 days"][0] == 1
    assert items["Evaluations waiting for your review"][0] == 1

    client.force_login(org.head_user)
    page = client.get(reverse("home"))
    content = page.content.decode()
    items = _items(page.context["attention"].head)
    assert items["Low ratings in the last 7 days"][0] == 2  # not the archived, spam, neutral or Clinic ones
    assert items["Low ratings in the last 30 days"][0] == 3
    assert items["Residents waiting to be contacted"][0] == 2
    assert items["Overdue commitments of your staff"][0] == 1
    assert items["Standards not met so far this quarter"][0] == 1
    for label, (count, url) in items.items():
        assert f'href="{url.replace("&", "&amp;")}" data-count="{count}"' in content, label
        assert _rows(client, url) == count, label


def test_head_sees_the_finalised_evaluations_waiting_for_their_certification(client, org, cycle):
    label = f"Evaluations waiting for your certification ({cycle.name})"
    client.force_login(org.head_user)
    items = _items(client.get(reverse("home")).context["attention"].head)
    assert items[label][0] == 1  # Walter's, released; the rest of Public Works is still being rated
    assert _rows(client, items[label][1]) == 1
    Evaluation.objects.filter(employee=org.water_worker).update(status=EvaluationStatus.RATED)
    assert _items(home_attention(org.head_user).head)[label][0] == 0
    Evaluation.objects.filter(cycle=cycle).in_subtree(org.public_works).update(status=EvaluationStatus.FINALISED)
    # Walter's; Paula's own evaluation waits for an elected official, not for her
    assert _items(home_attention(org.head_user).head)[label][0] == 1
    assert _items(home_attention(org.other_head_user).head)[label][0] == 0  # Clara's is only rated
    certify_department(cycle=cycle, department=org.public_works, by=org.head_user)
    assert _items(home_attention(org.head_user).head)[label][0] == 0


def test_hr_sees_each_open_cycles_states_and_what_waits_on_hr(client, org, cycle):
    client.force_login(org.hr_user)
    page = client.get(reverse("home"))
    attention = page.context["attention"]
    (progress,) = attention.cycles
    counts = {state["status"]: state["count"] for state in progress["states"]}
    assert counts[EvaluationStatus.RATED] == 1 and counts[EvaluationStatus.RELEASED] == 1
    # every evaluation of the cycle but Harriet's own, which HR staff do not see before it is released to her
    assert progress["total"] == Evaluation.objects.filter(cycle=cycle).exclude(employee__first_name="Harriet").count()
    for state in progress["states"]:
        assert _rows(client, state["url"]) == state["count"], state["status"]
    for item in attention.hr:
        assert _rows(client, item.url) == item.count


def test_trainer_sees_todays_sessions_and_the_next_ones(client, org, training):
    client.force_login(org.trainer_user)
    page = client.get(reverse("home"))
    attention = page.context["attention"]
    assert attention.sessions_today == [training[0]]
    assert attention.next_sessions == training[1:]
    (today,) = attention.trainer
    assert today.count == 1
    assert _rows(client, today.url) == 1
    assert "Room 101" in page.content.decode()


def test_employee_sees_their_next_steps(client, org, training, cycle):
    client.force_login(org.employee_user)
    items = _items(client.get(reverse("home")).context["attention"].employee)
    assert items["Training sessions you are invited to"][0] == 2
    assert items["Commitments to follow up"][0] == 1
    assert items["Your evaluation to acknowledge"][0] == 1
    assert items["Your self-evaluation to write"][0] == 0
    for label, (count, url) in items.items():
        assert _rows(client, url) == count, label


def test_a_person_with_several_roles_sees_each_roles_section(client, org, training):
    org.head_user.groups.add(*Group.objects.filter(name__in=[Role.TRAINER.value, Role.HR.value]))
    client.force_login(org.head_user)
    content = client.get(reverse("home")).content.decode()
    for role in ("head", "hr", "trainer", "employee"):
        assert f'data-role="{role}"' in content


def test_employee_sees_no_head_or_hr_section(client, org):
    client.force_login(org.employee_user)
    content = client.get(reverse("home")).content.decode()
    assert 'data-role="employee"' in content
    assert 'data-role="head"' not in content and 'data-role="hr"' not in content


@pytest.mark.parametrize("who", ["head_user", "hr_user", "trainer_user", "employee_user", "admin_user"])
def test_home_page_costs_the_same_queries_however_much_data(client, org, django_assert_max_num_queries, who):
    client.force_login(getattr(org, who))
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("home"))
    survey = create_a11_survey(by=org.admin_user)
    for days in range(40):
        _response(org, survey, days_ago=days % 20, satisfaction=1 + days % 5, wants_contact=days % 3 == 0)
    open_for(org)
    client.force_login(getattr(org, who))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("home"))


def test_annual_report_is_in_the_navigation_of_those_who_may_open_it(client, org):
    annual = reverse("reports:annual")
    for who, shown in (("head_user", True), ("hr_user", True), ("admin_user", True), ("employee_user", False)):
        client.force_login(getattr(org, who))
        navigation = client.get(reverse("home")).content.decode().split('id="main-nav"')[1].split("</nav>")[0]
        assert (f'href="{annual}"' in navigation) is shown, who


@pytest.mark.parametrize(
    "who, expected",
    [("head_user", 200), ("hr_user", 200), ("admin_user", 200), ("trainer_user", 403), ("employee_user", 403)],
)
def test_standards_at_risk_are_for_those_who_read_reports(client, org, standards, who, expected):
    client.force_login(getattr(org, who))
    assert client.get(reverse("reports:standards_at_risk")).status_code == expected


def test_a_head_sees_only_their_own_departments_standards_at_risk(client, org, standards):
    client.force_login(org.head_user)
    content = client.get(reverse("reports:standards_at_risk")).content.decode()
    assert "Answer emails in two days" in content
    assert "See walk-ins within an hour" not in content and "Answer the phone in a minute" not in content


def test_standards_at_risk_show_their_figures_with_their_unit(client, org, standards):
    client.force_login(org.head_user)
    content = client.get(reverse("reports:standards_at_risk")).content.decode()
    assert "<td>60\u00a0%</td><td>80\u00a0%</td>" in content  # not "60.00" and "80.00"
