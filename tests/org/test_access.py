"""The access rules as a matrix of roles x pages, and the scope() function behind them."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from org.access import scope, visible_departments
from org.models import Department, Employee
from org.roles import Role
from tests.accounts.helpers import ONLY_PROGRAM_ADMINS


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.django_db
def test_department_head_sees_own_subtree_only(org):
    assert set(visible_departments(org.head_user)) == {org.public_works, org.water}
    assert set(scope(Employee.objects.all(), org.head_user)) == {org.pw_head, org.water_worker}


@pytest.mark.django_db
def test_hr_and_program_admin_see_everything(org):
    for user in (org.hr_user, org.admin_user):
        assert visible_departments(user).count() == Department.objects.count()
        assert scope(Employee.objects.all(), user).count() == Employee.objects.count()


@pytest.mark.django_db
def test_employee_sees_only_their_own_record(org):
    assert list(scope(Employee.objects.all(), org.employee_user)) == [org.water_worker]
    assert not visible_departments(org.employee_user).exists()


@pytest.mark.django_db
def test_user_without_a_role_sees_nothing(org, user_factory):
    nobody = user_factory("nobody")
    assert not scope(Employee.objects.all(), nobody).exists()


@pytest.mark.django_db
def test_head_of_several_departments_sees_all_their_subtrees(org):
    org.health.head = org.pw_head
    org.health.save()
    assert set(visible_departments(org.head_user)) == {org.public_works, org.water, org.health, org.clinic}


@pytest.mark.django_db
def test_head_cannot_open_a_sibling_departments_employee(client, org):
    response = _get(client, org.head_user, reverse("org:employee_detail", args=[org.clinic_worker.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, whom, expected",
    [
        ("head_user", "water_worker", 200),
        ("head_user", "clinic_worker", 404),
        ("other_head_user", "clinic_worker", 200),
        ("other_head_user", "water_worker", 404),
        ("employee_user", "water_worker", 200),
        ("employee_user", "pw_head", 404),
        ("hr_user", "clinic_worker", 200),
        ("admin_user", "water_worker", 200),
        ("trainer_user", "clinic_worker", 200),
    ],
)
def test_employee_page_matrix(client, org, who, whom, expected):
    url = reverse("org:employee_detail", args=[getattr(org, whom).pk])
    assert _get(client, getattr(org, who), url).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, department, expected",
    [
        ("head_user", "water", 200),
        ("head_user", "health", 404),
        ("head_user", "county", 404),
        ("hr_user", "clinic", 200),
        ("admin_user", "county", 200),
        ("employee_user", "water", 403),
        ("trainer_user", "water", 403),
    ],
)
def test_department_page_matrix(client, org, who, department, expected):
    url = reverse("org:department_detail", args=[getattr(org, department).pk])
    assert _get(client, getattr(org, who), url).status_code == expected


@pytest.mark.django_db
def test_employee_list_of_a_head_holds_only_their_subtree(client, org):
    response = _get(client, org.head_user, reverse("org:employee_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Walter" in content and "Clara" not in content


@pytest.mark.django_db
def test_signed_out_visitor_is_sent_to_sign_in(client, org):
    response = client.get(reverse("org:employee_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_salary_is_shown_to_hr_and_the_employee_but_not_to_a_trainer(client, org):
    url = reverse("org:employee_detail", args=[org.water_worker.pk])
    assert "Base salary" in _get(client, org.hr_user, url).content.decode()
    assert "Base salary" in _get(client, org.employee_user, url).content.decode()
    assert "Base salary" not in _get(client, org.trainer_user, url).content.decode()


@pytest.mark.django_db
def test_refused_action_is_logged(client, org, caplog):
    with caplog.at_level("WARNING", logger="serviceculture.security"):
        _get(client, org.employee_user, reverse("org:department_list"))
    assert any("403" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_out_of_scope_request_is_logged(client, org, caplog):
    with caplog.at_level("WARNING", logger="serviceculture.security"):
        _get(client, org.head_user, reverse("org:employee_detail", args=[org.clinic_worker.pk]))
    assert any("out-of-scope" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_employee_list_query_count_does_not_grow_with_rows(client, org, django_assert_max_num_queries):
    from tests.factories import make_employee

    client.force_login(org.hr_user)
    url = reverse("org:employee_list")
    client.get(url)
    for _ in range(30):
        make_employee(org.water, supervisor=org.pw_head)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_supervisor_sees_their_direct_reports_rows_only_of_models_that_declare_a_supervisor_path(org):
    """Supervision does not follow the tree: Sam, in the clinic, supervises Walter in Water and sees Walter's
    commitments (Commitment declares `access_supervisor_path`), but not Walter's employee record (Employee
    declares none), nor the commitments of Rita, whom Walter supervises (direct reports only)."""
    from datetime import date

    from org.roles import Role
    from tests.factories import make_employee, make_user
    from training.models import Commitment, Module, ModuleVersion

    sam = make_employee(org.clinic, "Sam", "Supervisor")
    org.water_worker.supervisor = sam
    org.water_worker.save()
    rita = make_employee(org.water, "Rita", "Report", supervisor=org.water_worker)
    sams_user = make_user("sam", Role.EMPLOYEE, employee=sam)
    version = ModuleVersion.objects.create(module=Module.objects.create(slug="m"), number=1, title="M", theme="M")

    def commitment_of(employee):
        return Commitment.objects.create(
            employee=employee, module_version=version, text="Smile", follow_up_on=date(2026, 1, 1)
        )

    walters, ritas = commitment_of(org.water_worker), commitment_of(rita)
    commitment_of(org.clinic_worker)
    assert list(scope(Commitment.objects.all(), sams_user)) == [walters]
    assert set(scope(Commitment.objects.all(), org.employee_user)) == {walters, ritas}  # Walter: own and Rita's
    assert list(scope(Employee.objects.all(), sams_user)) == [sam]


# --- customer relations representatives -------------------------------------------------------------------


@pytest.fixture
def requests_(org):
    """Residents' responses: one in Water asking to be contacted, one in Water that did not ask, one in the
    clinic asking to be contacted; Rosa represents Water and holds the role."""
    from surveys.models import SurveyStatus
    from surveys.services.builder import create_a11_survey
    from surveys.services.links import create_links
    from surveys.services.responses import submit_response
    from tests.factories import make_employee, make_user
    from tests.surveys.test_services import answers_for

    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    water_link = create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]
    clinic_link = create_links(survey=survey, service_point=org.clinic_desk, by=org.admin_user)[0]
    contact = {"contact_email": "ana@example.com", "contact_name": "Ana", "contact_phone": "555-0101"}

    def submit(link, **extra):
        return submit_response(link=link, answers=answers_for(survey, text="The bill is wrong"), language="en", **extra)

    rosa = make_employee(org.water, "Rosa", "Representative", job_title="Customer relations")
    org.water.customer_relations_rep = rosa
    org.water.save()
    return SimpleNamespace(
        water_contact=submit(water_link, contact=contact),
        water_silent=submit(water_link),
        clinic_contact=submit(clinic_link, contact=contact),
        rep=rosa,
        rep_user=make_user("rep", Role.CUSTOMER_RELATIONS, Role.EMPLOYEE, employee=rosa),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "response, expected",
    [("water_contact", 200), ("water_silent", 404), ("clinic_contact", 404)],
)
def test_a_water_representative_opens_only_waters_contact_requests(client, org, requests_, response, expected):
    url = reverse("surveys:response_detail", args=[getattr(requests_, response).pk])
    assert _get(client, requests_.rep_user, url).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, args, expected",
    [
        ("surveys:follow_ups", [], 200),
        ("surveys:alert_settings", [], 200),
        ("surveys:themes", [], 403),
        ("surveys:inbox", [], 403),
        ("surveys:export", ["csv"], 403),
        ("surveys:survey_list", [], 403),
        ("reports:dashboard", [], 403),
        ("reports:a11_export", [], 403),
        ("reports:standards_at_risk", [], 403),
        ("evaluations:evaluation_list", [], 403),
        ("evaluations:cycle_list", [], 403),
        ("org:employee_list", [], 403),
        ("org:department_detail", ["water"], 403),
        ("org:employee_detail", ["water_worker"], 404),
        ("accounts:people", [], 403),
        ("accounts:api_tokens", [], 403),
    ],
)
def test_a_representative_sees_nothing_else_of_residents_pay_or_evaluations(
    client, org, requests_, name, args, expected
):
    args = [getattr(org, arg).pk if hasattr(org, arg) else arg for arg in args]
    assert _get(client, requests_.rep_user, reverse(name, args=args)).status_code == expected


@pytest.mark.django_db
def test_a_representative_cannot_open_an_evaluation(client, org, requests_):
    from tests.evaluations.builders import open_for

    evaluation = open_for(org).evaluations.get(employee=org.water_worker)
    assert _get(client, requests_.rep_user, evaluation.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_representative_records_what_was_done_and_it_is_on_the_responses_history(client, org, requests_):
    from surveys.models import ResponseStatus

    client.force_login(requests_.rep_user)
    follow_ups = client.get(reverse("surveys:follow_ups"))
    assert [row.record.pk for row in follow_ups.context["table"].rows] == [requests_.water_contact.pk]
    page = client.get(requests_.water_contact.get_absolute_url()).content.decode()
    assert "555-0101" in page and "Record what was done" in page
    assert "Mark as spam" not in page  # triage stays with the inbox's roles
    url = reverse("surveys:follow_up_record", args=[requests_.water_contact.pk])
    response = client.post(url, {"note": "Called Ana back; the bill is corrected.", "status": "responded"})
    assert response.status_code == 302
    requests_.water_contact.refresh_from_db()
    assert requests_.water_contact.status == ResponseStatus.RESPONDED
    history = client.get(requests_.water_contact.get_absolute_url()).content.decode()
    assert (
        "Rosa Representative · Recorded what was done for the resident: Called Ana back; the bill is corrected."
        in history
    )
    assert not client.get(reverse("surveys:follow_ups")).context["table"].rows  # answered: off the list
    other = reverse("surveys:follow_up_record", args=[requests_.clinic_contact.pk])
    assert client.post(other, {"note": "x", "status": "responded"}).status_code == 404
    assert client.post(reverse("surveys:triage"), {"selection": [requests_.water_contact.pk]}).status_code == 403


@pytest.mark.django_db
def test_an_empty_note_comes_back_with_a_message_and_changes_nothing(client, org, requests_):
    client.force_login(requests_.rep_user)
    url = reverse("surveys:follow_up_record", args=[requests_.water_contact.pk])
    response = client.post(url, {"note": "   ", "status": "responded"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not requests_.water_contact.triage_events.exists()


@pytest.mark.django_db
def test_a_public_works_representative_covers_the_divisions_below(org, requests_):
    from surveys.models import Response

    org.water.customer_relations_rep = None
    org.water.save()
    org.public_works.customer_relations_rep = requests_.rep
    org.public_works.save()
    assert list(scope(Response.objects.all(), requests_.rep_user)) == [requests_.water_contact]


@pytest.mark.django_db
def test_named_on_a_department_without_the_role_sees_nothing(org, requests_):
    """The department names whom residents reach; only the role lets that person act."""
    from surveys.models import Response

    requests_.rep_user.groups.clear()
    assert not scope(Response.objects.all(), requests_.rep_user).exists()


# --- sessions: facilitators and training coordinators --------------------------------------------------------


@pytest.fixture
def sessions(org):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_employee, make_user
    from tests.training.conftest import published_module
    from training.services.sessions import schedule_session

    version = published_module()
    trina = org.county.employees.get(first_name="Trina")

    def session(facilitator):
        return schedule_session(
            by=org.admin_user,
            module_version=version,
            facilitator=facilitator,
            starts_at=timezone.now() + timedelta(days=1),
            location="Room 1",
        )

    coordinator = make_employee(org.county, "Cora", "Coordinator")
    return SimpleNamespace(
        own=session(trina),
        other=session(org.pw_head),
        version=version,
        coordinator_user=make_user("coordinator", Role.TRAINING_COORDINATOR, Role.EMPLOYEE, employee=coordinator),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, session, read, change",
    [
        ("trainer_user", "own", 200, 302),  # Trina facilitates it
        ("trainer_user", "other", 200, 403),  # another trainer's: read only
        ("coordinator_user", "other", 200, 302),
        ("admin_user", "other", 200, 302),
        ("hr_user", "own", 200, 403),
        ("employee_user", "own", 403, 403),
    ],
)
def test_session_matrix(client, org, sessions, who, session, read, change):
    user = getattr(sessions, who, None) or getattr(org, who)
    pk = getattr(sessions, session).pk
    for name in ("training:session_detail", "training:attendance", "training:reflections"):
        assert _get(client, user, reverse(name, args=[pk])).status_code == read
    assert client.post(reverse("training:check_in_toggle", args=[pk]), {"open": "1"}).status_code == change
    assert client.post(reverse("training:attendance", args=[pk]), {}).status_code == change
    if change == 403:
        remove = reverse("training:roster_remove", args=[pk])
        assert client.post(remove, {"employee": org.water_worker.pk}).status_code == 403


@pytest.mark.django_db
def test_a_read_only_trainer_sees_no_buttons_that_change_the_session(client, org, sessions):
    other, own = sessions.other.pk, sessions.own.pk
    page = _get(client, org.trainer_user, reverse("training:session_detail", args=[other])).content.decode()
    assert reverse("training:check_in_toggle", args=[other]) not in page and "Add to the roster" not in page
    assert "only its facilitator and the training coordinators change it" in page
    page = _get(client, org.trainer_user, reverse("training:session_detail", args=[own])).content.decode()
    assert reverse("training:check_in_toggle", args=[own]) in page and "Add to the roster" in page


def _schedule_post(sessions, facilitator):
    return {
        "module_version": sessions.version.pk,
        "facilitator": facilitator.pk,
        "starts_at": "2030-01-07T09:00",
        "duration_minutes": 20,
        "location": "Room 2",
        "capacity": 10,
    }


@pytest.mark.django_db
def test_a_trainer_schedules_only_sessions_they_facilitate_and_a_coordinator_any(client, org, sessions):
    from training.models import Session

    trina = org.county.employees.get(first_name="Trina")
    client.force_login(org.trainer_user)
    refused = client.post(reverse("training:session_create"), _schedule_post(sessions, org.pw_head))
    assert refused.status_code == 200 and "You can schedule only sessions you facilitate." in refused.content.decode()
    assert client.post(reverse("training:session_create"), _schedule_post(sessions, trina)).status_code == 302
    client.force_login(sessions.coordinator_user)
    assert client.post(reverse("training:session_create"), _schedule_post(sessions, org.pw_head)).status_code == 302
    assert Session.objects.filter(location="Room 2").count() == 2


# --- giving roles ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who, expected", ONLY_PROGRAM_ADMINS)
def test_only_program_admins_issue_and_revoke_api_tokens(client, org, who, expected):
    from accounts.api_tokens import issue_token
    from accounts.models import ApiToken

    token, _secret = issue_token(name="Permit system", service_points=[org.counter], by=org.admin_user)
    assert _get(client, getattr(org, who), reverse("accounts:api_tokens")).status_code == expected
    posted = client.post(reverse("accounts:api_tokens"), {"name": "311 desk", "service_points": [org.counter.pk]})
    assert posted.status_code == expected
    assert ApiToken.objects.filter(name="311 desk").exists() == (expected == 200)
    revoked = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert revoked.status_code == (302 if expected == 200 else expected)
    assert ApiToken.objects.live().filter(pk=token.pk).exists() == (expected != 200)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, expected",
    ONLY_PROGRAM_ADMINS,
)
def test_only_program_admins_give_roles(client, org, who, expected):
    user = getattr(org, who)
    assert _get(client, user, reverse("accounts:people")).status_code == expected
    url = reverse("accounts:person_roles", args=[org.employee_user.pk])
    assert client.get(url).status_code == expected
    assert client.post(url, {"roles": [Role.PROGRAM_ADMIN.value]}).status_code in (expected, 302)
    assert org.employee_user.groups.filter(name=Role.PROGRAM_ADMIN.value).exists() == (expected == 200)


@pytest.mark.django_db
def test_a_coordinator_reaches_what_trainers_reach(client, org, sessions):
    coordinator = sessions.coordinator_user
    assert _get(client, coordinator, reverse("org:employee_detail", args=[org.clinic_worker.pk])).status_code == 200
    for name in ("training:session_list", "training:module_list", "training:coverage", "training:session_create"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("evaluations:evaluation_list")).status_code == 403


# --- record retention -----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who, expected", ONLY_PROGRAM_ADMINS)
def test_only_program_admins_reach_record_retention(client, org, who, expected):
    from retention.models import LegalHold
    from retention.services import place_hold

    hold = place_hold(target=org.water, reason="Records request", by=org.admin_user)
    user = getattr(org, who)
    assert _get(client, user, reverse("retention:records")).status_code == expected
    lift = client.post(reverse("retention:hold_lift", args=[hold.pk]))
    assert lift.status_code == (302 if expected == 200 else expected)
    assert LegalHold.objects.active().exists() == (expected != 200)
    schedule = client.post(reverse("retention:schedule"), {"contact_details": "1"})
    assert schedule.status_code in ((302, 400) if expected == 200 else (expected,))


# --- signed certification statements ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, expected",
    [
        ("admin_user", 200),
        ("hr_user", 200),
        ("head_user", 200),  # the head of Public Works: the statement about their own department
        ("other_head_user", 404),  # outside their subtree: it does not exist for them
        ("trainer_user", 403),
        ("employee_user", 403),
    ],
)
def test_a_signed_certification_statement_is_served_by_role_and_scope(client, org, who, expected):
    from evaluations.models import Evaluation, EvaluationStatus
    from tests.evaluations.builders import open_for, record_official

    cycle = open_for(org)
    Evaluation.objects.filter(cycle=cycle).update(status=EvaluationStatus.FINALISED)
    official = record_official(org, cycle, org.public_works)
    url = reverse("evaluations:certification_document", args=[cycle.pk, official.pk])
    assert _get(client, getattr(org, who), url).status_code == expected
