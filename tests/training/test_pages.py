"""Flows through the URLs, the access matrix, and the query counts of roster and attendance pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_employee
from training.models import Attendance, Certificate, Commitment, Module, ModuleCompletion
from training.services.learning import complete_self_paced
from training.services.modules import edit_module
from training.services.sessions import add_to_roster, record_attendance, schedule_session, set_check_in

pytestmark = pytest.mark.django_db


def _as(client, user):
    client.force_login(user)
    return client


# --- Access matrix -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, page, expected",
    [
        ("trainer_user", "session_list", 200),
        ("hr_user", "session_list", 200),
        ("head_user", "session_list", 403),
        ("employee_user", "session_list", 403),
        ("trainer_user", "module_list", 200),
        ("employee_user", "module_list", 403),
        ("head_user", "coverage", 200),
        ("trainer_user", "coverage", 200),
        ("employee_user", "coverage", 403),
        ("employee_user", "my_training", 200),
        ("employee_user", "learn_list", 200),
        ("head_user", "overdue", 200),
    ],
)
def test_page_matrix(client, org, who, page, expected):
    assert _as(client, getattr(org, who)).get(reverse(f"training:{page}")).status_code == expected


@pytest.mark.parametrize(
    "who, expected", [("trainer_user", 200), ("admin_user", 200), ("head_user", 403), ("employee_user", 403)]
)
def test_roster_page_by_role(client, org, session, who, expected):
    url = reverse("training:session_detail", args=[session.pk])
    assert _as(client, getattr(org, who)).get(url).status_code == expected


def test_head_coverage_holds_only_their_subtree(client, org):
    content = _as(client, org.head_user).get(reverse("training:coverage")).content.decode()
    assert "Walter" in content and "Clara" not in content


def test_trainer_coverage_holds_everyone(client, org):
    content = _as(client, org.trainer_user).get(reverse("training:coverage")).content.decode()
    assert "Walter" in content and "Clara" in content


@pytest.mark.parametrize(
    "who, expected", [("employee_user", 200), ("head_user", 200), ("trainer_user", 200), ("other_head_user", 404)]
)
def test_certificate_page_scope(client, org, program, who, expected):
    certificate = Certificate.objects.create(employee=org.water_worker, program=program, issued_on=timezone.localdate())
    url = reverse("training:certificate_detail", args=[certificate.pk])
    assert _as(client, getattr(org, who)).get(url).status_code == expected


def test_someone_else_cannot_follow_up_my_commitment(client, org, version):
    commitment = Commitment.objects.create(
        employee=org.water_worker, module_version=version, text="x", follow_up_on=timezone.localdate()
    )
    url = reverse("training:commitment_follow_up", args=[commitment.pk])
    assert _as(client, org.head_user).get(url).status_code == 404
    response = _as(client, org.employee_user).post(url, {"outcome": "kept", "note": "Every day"})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.outcome == "kept"


def test_overdue_list_for_the_head_and_the_supervisor_only(client, org, version):
    Commitment.objects.create(
        employee=org.water_worker,
        module_version=version,
        text="Return calls by noon",
        follow_up_on=timezone.localdate() - timedelta(days=2),
    )
    assert "Return calls by noon" in _as(client, org.head_user).get(reverse("training:overdue")).content.decode()
    assert (
        "Return calls by noon" not in _as(client, org.other_head_user).get(reverse("training:overdue")).content.decode()
    )


# --- Flows -------------------------------------------------------------------------------------------


def test_trainer_builds_roster_and_takes_attendance(client, org, session):
    client = _as(client, org.trainer_user)
    response = client.post(reverse("training:session_detail", args=[session.pk]), {"departments": [org.water.pk]})
    assert response.status_code == 302
    url = reverse("training:attendance", args=[session.pk])
    assert client.post(url, {f"status-{org.water_worker.pk}": "present"}).status_code == 302
    assert Attendance.objects.get(session=session, employee=org.water_worker).hours_credited == session.hours
    assert ModuleCompletion.objects.filter(employee=org.water_worker, session=session).exists()


def test_session_list_pages_through_past_sessions_and_keeps_upcoming_on_top(client, org, session, version):
    trainer = org.county.employees.get(first_name="Trina")
    now = timezone.now()
    for days in range(1, 31):
        schedule_session(
            by=org.trainer_user,
            module_version=version,
            facilitator=trainer,
            location=f"Past room {days}",
            starts_at=now - timedelta(days=days),
        )
    schedule_session(
        by=org.trainer_user,
        module_version=version,
        facilitator=trainer,
        location="Next week room",
        starts_at=now + timedelta(days=7),
    )
    client = _as(client, org.trainer_user)
    url = reverse("training:session_list")

    first = client.get(url).content.decode()
    assert "Next week room" in first and "Room 101" in first  # the session under way is still upcoming
    assert "Past room 1<" in first and "Past room 25<" in first and "Past room 26<" not in first
    assert "Page 1 of 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Past room 26<" in second and "Past room 30<" in second and "Past room 25<" not in second
    assert "Next week room" in second  # what is coming stays in view on every page
    assert client.get(url, {"page": 3}).status_code == 404


def test_roster_add_error_keeps_the_page(client, org, session):
    session.capacity = 1
    session.save()
    response = _as(client, org.trainer_user).post(
        reverse("training:session_detail", args=[session.pk]), {"departments": [org.public_works.pk]}
    )
    assert response.status_code == 200
    assert "holds 1 people" in response.content.decode()


def test_qr_code_is_an_svg_of_the_check_in_link(client, org, session):
    response = _as(client, org.trainer_user).get(reverse("training:session_qr", args=[session.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert b'xmlns="http://www.w3.org/2000/svg"' in response.content  # drawn inside an <img> only with it


def test_self_check_in_through_the_page(client, org, session):
    url = reverse("training:check_in", args=[session.check_in_code])
    client = _as(client, org.employee_user)
    client.post(url)
    assert not Attendance.objects.filter(employee=org.water_worker).exists()
    set_check_in(by=org.trainer_user, session=session, open=True)
    client.post(url)
    client.post(url)
    assert Attendance.objects.get(employee=org.water_worker).self_checked_in
    assert "You are checked in (at " in client.get(url).content.decode()


def test_unknown_check_in_code_is_a_404(client, org):
    assert _as(client, org.employee_user).get(reverse("training:check_in", args=["nope"])).status_code == 404


def test_self_paced_module_page_by_page(client, org, version):
    client = _as(client, org.employee_user)
    for page in range(1, 6):
        assert client.get(reverse("training:learn_page", args=[version.pk, page])).status_code == 200
    assert client.get(reverse("training:learn_page", args=[version.pk, 6])).status_code == 404
    last = reverse("training:learn_page", args=[version.pk, 5])
    response = client.post(last, {"answer_0": "It is our job", "answer_1": ""})
    assert response.status_code == 200 and "It is our job" in response.content.decode()  # nothing typed is lost
    response = client.post(last, {"answer_0": "It is our job", "commitment": "Greet every caller by name"})
    assert response.status_code == 302
    assert ModuleCompletion.objects.get(employee=org.water_worker).via == "self_paced"
    assert Commitment.objects.get(employee=org.water_worker).text == "Greet every caller by name"
    assert "Greet every caller by name" in client.get(reverse("training:my_training")).content.decode()


def test_attendee_reflects_and_trainer_puts_it_on_the_wall_without_name(client, org, session):
    add_to_roster(by=org.trainer_user, session=session, employees=[org.water_worker])
    record_attendance(by=org.trainer_user, session=session, statuses={org.water_worker.pk: "present"})
    employee = _as(client, org.employee_user)
    employee.post(
        reverse("training:reflect", args=[session.pk]),
        {"reflection": "Being useful to my neighbours", "commitment": "Call back within a day"},
    )
    employee.post(
        reverse("training:feedback", args=[session.pk]),
        {"usefulness": 5, "facilitator_rating": 4, "comment": "More role play, please"},
    )
    trainer = _as(client, org.trainer_user)
    page = trainer.get(reverse("training:reflections", args=[session.pk])).content.decode()
    assert "Being useful to my neighbours" in page and "Walter" in page
    assert "usefulness 5.0/5, facilitator 4.0/5" in page and "More role play, please" in page
    reflection = session.reflections.get()
    trainer.post(reverse("training:reflections", args=[session.pk]), {"reflection": reflection.pk, "on_wall": "1"})
    wall = _as(client, org.employee_user).get(reverse("training:wall", args=[session.pk])).content.decode()
    assert "Being useful to my neighbours" in wall and "Walter" not in wall


def test_someone_who_did_not_attend_cannot_reflect(client, org, session):
    response = _as(client, org.employee_user).get(reverse("training:reflect", args=[session.pk]))
    assert response.status_code == 404


def test_editing_a_module_through_the_pages_makes_a_new_draft(client, org, version):
    client = _as(client, org.trainer_user)
    form = client.get(reverse("training:module_edit", args=[version.module.pk])).context["form"]
    data = {name: form.fields[name].prepare_value(form.initial[name]) for name in form.fields}
    data.update(
        {
            "title": "Service makes work easier",
            "points-TOTAL_FORMS": 2,
            "points-INITIAL_FORMS": 2,
            "points-MIN_NUM_FORMS": 1,
            "points-MAX_NUM_FORMS": 1000,
        }
    )
    for index, point in enumerate(version.talking_points):
        data.update({f"points-{index}-{key}": value for key, value in point.items()})
    assert client.post(reverse("training:module_edit", args=[version.module.pk]), data).status_code == 302
    version.refresh_from_db()
    assert version.title != "Service makes work easier"
    assert version.module.latest_version().title == "Service makes work easier"


def test_a_module_with_no_version_yet_opens_blank_in_the_editor(client, org):
    module = Module.objects.create(slug="from-the-admin")  # the admin adds a module without any version
    response = _as(client, org.trainer_user).get(reverse("training:module_edit", args=[module.pk]))
    assert response.status_code == 200
    assert not response.context["form"].initial


def test_coverage_csv_export(client, org, version):
    complete_self_paced(module_version=version, employee=org.water_worker, wrap_up_answers=[], commitment="")
    response = _as(client, org.head_user).get(reverse("training:coverage") + "?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = response.content.decode().splitlines()
    assert rows[0].startswith("Employee,Department")
    assert any(row.startswith("Walter Worker") and ",0.33," in row for row in rows)


def test_employee_page_shows_their_training(client, org, version):
    complete_self_paced(module_version=version, employee=org.water_worker, wrap_up_answers=[], commitment="Smile")
    url = reverse("org:employee_detail", args=[org.water_worker.pk])
    content = _as(client, org.head_user).get(url).content.decode()
    assert "1 module completed, 0.33 training hours." in content


# --- Public verification -----------------------------------------------------------------------------


def test_public_verification_shows_only_the_certificate(client, org, program):
    org.water_worker.work_email = "walter@example.gov"
    org.water_worker.save()
    certificate = Certificate.objects.create(employee=org.water_worker, program=program, issued_on=timezone.localdate())
    content = client.get(reverse("training_public:verify", args=[certificate.verification_code])).content.decode()
    assert "Walter Worker" in content and "Signature service" in content and "This certificate is valid" in content
    for private in ("walter@example.gov", org.water_worker.employee_number, "Water", "Clerk"):
        assert private not in content


def test_public_verification_of_an_expired_certificate(client, org, program):
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        employee=org.water_worker, program=program, issued_on=today - timedelta(days=400), expires_on=today
    )
    content = client.get(reverse("training_public:verify", args=[certificate.verification_code])).content.decode()
    assert "no longer valid" in content


def test_public_verification_of_a_withdrawn_certificate_keeps_the_reason_private(client, org, program):
    certificate = Certificate.objects.create(
        employee=org.water_worker,
        program=program,
        issued_on=timezone.localdate(),
        withdrawn_at=timezone.now(),
        withdrawal_reason="Attendance at the Tuesday session was corrected.",
    )
    content = client.get(reverse("training_public:verify", args=[certificate.verification_code])).content.decode()
    assert "no longer valid: it was withdrawn" in content and "No expiry date" not in content
    assert "This certificate is valid" not in content and "Tuesday" not in content


def test_public_verification_in_spanish(client, org, program):
    certificate = Certificate.objects.create(employee=org.water_worker, program=program, issued_on=timezone.localdate())
    content = client.get(
        reverse("training_public:verify", args=[certificate.verification_code]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Este certificado es válido" in content


def test_unknown_certificate_code_is_a_404(client, db):
    assert client.get(reverse("training_public:verify", args=["unknown"])).status_code == 404
    assert client.get(reverse("training_public:lookup") + "?code=unknown").status_code == 404


# --- Query counts ------------------------------------------------------------------------------------


def _grow_roster(org, session, count):
    people = [make_employee(org.water) for _ in range(count)]
    session.capacity = 200
    session.save()
    add_to_roster(by=org.trainer_user, session=session, employees=people)
    record_attendance(by=org.trainer_user, session=session, statuses={person.pk: "present" for person in people[::2]})


@pytest.mark.parametrize("page", ["session_detail", "attendance"])
def test_roster_and_attendance_queries_do_not_grow(client, org, session, page, django_assert_max_num_queries):
    client = _as(client, org.trainer_user)
    url = reverse(f"training:{page}", args=[session.pk])
    _grow_roster(org, session, 3)
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    _grow_roster(org, session, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_saving_attendance_makes_a_fixed_number_of_queries(
    client, org, session, program, django_assert_max_num_queries
):
    """Certificates of everyone who came are checked together, not one person at a time."""
    client = _as(client, org.trainer_user)
    url = reverse("training:attendance", args=[session.pk])

    def save_attendance(count):
        people = [make_employee(org.water) for _ in range(count)]
        session.capacity = 200
        session.save()
        add_to_roster(by=org.trainer_user, session=session, employees=people)
        return {f"status-{person.pk}": "present" if index % 3 else "absent" for index, person in enumerate(people)}

    few = save_attendance(3)
    with django_assert_max_num_queries(30) as counted:
        assert client.post(url, few).status_code == 302
    many = save_attendance(40)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        assert client.post(url, many).status_code == 302
    assert Attendance.objects.filter(session=session, status="present").count() == 2 + 26


def test_my_training_queries_do_not_grow(client, org, version, django_assert_max_num_queries):
    client = _as(client, org.employee_user)
    url = reverse("training:my_training")
    client.get(url)
    for day in range(1, 15):
        complete_self_paced(
            module_version=version,
            employee=org.water_worker,
            wrap_up_answers=[],
            commitment=f"Commitment {day}",
            today=timezone.localdate() - timedelta(days=day),
        )
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_coverage_lists_who_never_attended(client, org, session):
    add_to_roster(by=org.trainer_user, session=session, employees=[org.water_worker])
    record_attendance(by=org.trainer_user, session=session, statuses={org.water_worker.pk: "present"})
    content = _as(client, org.head_user).get(reverse("training:coverage") + "?attendance=never").content.decode()
    assert "Paula" in content and "Walter" not in content


def test_new_module_with_a_taken_short_name_is_refused_keeping_the_text(client, org, version):
    response = _as(client, org.trainer_user).post(
        reverse("training:module_create"),
        {
            "slug": version.module.slug,
            "title": "A second module",
            "points-TOTAL_FORMS": 1,
            "points-INITIAL_FORMS": 0,
            "points-MIN_NUM_FORMS": 1,
            "points-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Another module already uses this short name." in content and "A second module" in content


def test_creating_and_publishing_a_module_through_the_pages(client, org):
    client = _as(client, org.trainer_user)
    data = {
        "slug": "new-one",
        "title": "Warm handovers",
        "theme": "Transfers",
        "duration_minutes": 20,
        "objectives": "Transfer with context\nName the next person",
        "objectives_minutes": 2,
        "exercise": "Map our transfers.",
        "exercise_minutes": 6,
        "tips": "Say who you are transferring to",
        "wrap_up_questions": "Why does it matter?",
        "wrap_up_minutes": 2,
        "commitment_prompt": "One thing I will do:",
        "points-TOTAL_FORMS": 2,
        "points-INITIAL_FORMS": 0,
        "points-MIN_NUM_FORMS": 1,
        "points-MAX_NUM_FORMS": 1000,
        "points-0-say": "A cold transfer loses the story.",
        "points-0-minutes": 10,
    }
    response = client.post(reverse("training:module_create"), data)
    assert response.status_code == 302
    from training.models import Module

    module = Module.objects.get(slug="new-one")
    assert module.latest_version().objectives == ["Transfer with context", "Name the next person"]
    client.post(reverse("training:module_publish", args=[module.pk]))
    assert module.published_version().number == 1


def test_an_employee_may_not_edit_modules(client, org, version):
    response = _as(client, org.employee_user).get(reverse("training:module_edit", args=[version.module.pk]))
    assert response.status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in_from_a_module(client, version):
    response = client.get(reverse("training:learn", args=[version.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_draft_cannot_be_taken_self_paced(client, org, version):
    draft = edit_module(by=org.trainer_user, module=version.module, content={"title": "Unfinished"})
    assert _as(client, org.employee_user).get(reverse("training:learn", args=[draft.pk])).status_code == 404


def test_a_supervisor_who_is_not_a_head_sees_their_reports_overdue_follow_ups(client, org, version, user_factory):
    from org.roles import Role

    supervisor = make_employee(org.clinic, "Sam", "Supervisor")
    org.water_worker.supervisor = supervisor
    org.water_worker.save()
    user = user_factory("sam", Role.EMPLOYEE, employee=supervisor)
    Commitment.objects.create(
        employee=org.water_worker,
        module_version=version,
        text="Answer emails by noon",
        follow_up_on=timezone.localdate() - timedelta(days=1),
    )
    client = _as(client, user)
    assert "Overdue follow-ups in your team" in client.get(reverse("training:my_training")).content.decode()
    assert "Answer emails by noon" in client.get(reverse("training:overdue")).content.decode()


def test_opening_check_in_returns_the_trainer_to_our_page_never_to_another_site(client, org, session):
    url = reverse("training:check_in_toggle", args=[session.pk])
    _as(client, org.trainer_user)
    inside = client.post(url, {"open": "1", "next": reverse("training:session_qr", args=[session.pk])})
    outside = client.post(url, {"open": "0", "next": "//evil.example/phish"})
    assert inside["Location"] == reverse("training:session_qr", args=[session.pk])
    assert outside["Location"] == session.get_absolute_url()


def test_checking_in_twice_is_a_friendly_warning_not_an_error(client, org, session):
    set_check_in(session=session, open=True, by=org.trainer_user)
    url = reverse("training:check_in", args=[session.check_in_code])
    _as(client, org.employee_user).post(url)
    page = client.post(url, follow=True).content.decode()
    assert "alert-warning" in page and "You are already checked in. Welcome!" in page
