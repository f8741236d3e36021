"""Training pages in Chromium: axe-core on the self-paced module, check-in and certificate pages,
the facilitator guide printed to PDF, and screenshots for a person to look at."""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import ARTIFACTS, image_width
from tests.training.conftest import published_module
from training.models import Certificate, Program, ProgramModule
from training.services.learning import complete_self_paced
from training.services.sessions import add_departments_to_roster, schedule_session, set_check_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def training(org):
    version = published_module()
    session = schedule_session(
        by=org.trainer_user,
        module_version=version,
        facilitator=org.county.employees.get(first_name="Trina"),  # the trainer who takes its attendance
        starts_at=timezone.now() - timedelta(minutes=3),
        location="Room 101",
        capacity=10,
        reflection_prompt="What does being a public servant mean to you?",
    )
    program = Program.objects.create(name="Signature service", renewal_months=24)
    ProgramModule.objects.create(program=program, module=version.module)
    return version, session, program


@pytest.mark.parametrize("language", ["en", "es"])
def test_self_paced_module_pages_are_accessible(
    page, live_server, org, sign_in, axe_violations, screenshot, training, language
):
    version, _session, _program = training
    sign_in(page, live_server, "employee")
    for number in (1, 2, 5):
        page.goto(f"{live_server.url}/training/learn/{version.pk}/{number}/")
        if language == "es" and number == 1:
            page.get_by_role("button", name="Español").click()
        assert axe_violations(page) == [], number
    screenshot(page, f"training-learn-wrap-up-{language}")
    # The module's own texts (here the commitment prompt) are written by trainers in one language.
    page.get_by_label("One thing I will do", exact=False).fill("Greet every caller by name")
    page.get_by_role("button", name="Finish the module" if language == "en" else "Terminar el módulo").click()
    assert page.get_by_text("Greet every caller by name").is_visible()
    assert axe_violations(page) == []
    screenshot(page, f"training-my-training-{language}")


def test_check_in_page_on_a_phone(phone_page, live_server, org, sign_in, axe_violations, screenshot, training):
    _version, session, _program = training
    set_check_in(by=org.trainer_user, session=session, open=True)
    sign_in(phone_page, live_server, "employee")
    phone_page.goto(f"{live_server.url}/training/check-in/{session.check_in_code}/")
    assert axe_violations(phone_page) == []
    screenshot(phone_page, "training-check-in-phone")
    phone_page.get_by_role("button", name="Check me in").click()
    assert phone_page.get_by_role("status").filter(has_text="You are checked in (at").is_visible()
    assert axe_violations(phone_page) == []
    screenshot(phone_page, "training-checked-in-phone")


def test_attendance_page_on_a_phone(phone_page, live_server, org, sign_in, axe_violations, screenshot, training):
    _version, session, _program = training
    add_departments_to_roster(by=org.trainer_user, session=session, departments=[org.public_works])
    sign_in(phone_page, live_server, "trainer")
    phone_page.goto(f"{live_server.url}/training/sessions/{session.pk}/attendance/")
    phone_page.get_by_text("Late").first.click()
    phone_page.get_by_role("button", name="Save attendance").click()
    assert phone_page.get_by_text("Attendance saved.").is_visible()
    assert axe_violations(phone_page) == []
    screenshot(phone_page, "training-attendance-phone")


def test_trainer_marks_all_present_then_one_absent_on_a_phone(
    phone_page, live_server, org, sign_in, axe_violations, screenshot, training
):
    _version, session, _program = training
    add_departments_to_roster(by=org.trainer_user, session=session, departments=[org.water])
    sign_in(phone_page, live_server, "trainer")
    phone_page.goto(f"{live_server.url}/training/sessions/{session.pk}/attendance/")
    phone_page.get_by_role("button", name="Mark all present").click()
    assert phone_page.get_by_text("1 person marked present").is_visible()
    screenshot(phone_page, "training-mark-all-present-phone")
    phone_page.get_by_text("Absent", exact=True).first.click()
    phone_page.get_by_role("button", name="Save attendance").click()
    assert phone_page.get_by_text("Attendance saved.").is_visible()
    assert session.attendances.get().status == "absent"
    assert axe_violations(phone_page) == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_certificate_pages_are_accessible(
    page, live_server, org, sign_in, axe_violations, screenshot, training, language
):
    _version, _session, program = training
    certificate = Certificate.objects.create(
        employee=org.water_worker,
        program=program,
        issued_on=timezone.localdate(),
        expires_on=timezone.localdate() + timedelta(days=730),
    )
    sign_in(page, live_server, "employee")
    page.goto(f"{live_server.url}/certificates/{certificate.verification_code}/")
    if language == "es":
        page.get_by_role("button", name="Español").click()
        assert page.get_by_text("Este certificado es válido.").is_visible()
    assert axe_violations(page) == []
    screenshot(page, f"training-certificate-verify-{language}")
    page.goto(f"{live_server.url}/certificates/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/training/certificates/{certificate.pk}/")
    assert axe_violations(page) == []
    screenshot(page, f"training-certificate-{language}")


def test_facilitator_guide_prints_to_pdf(page, live_server, org, sign_in, axe_violations, screenshot, training):
    version, _session, _program = training
    sign_in(page, live_server, "trainer")
    page.goto(f"{live_server.url}/training/versions/{version.pk}/guide/")
    assert axe_violations(page) == []
    screenshot(page, "training-guide-screen")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "training-guide.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="Letter", print_background=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "training-guide-page")], check=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "FACILITATOR GUIDE" in text and "Why great service" in text and "17–20 min" in text
    assert "Sign out" not in text  # the navigation is not printed


def test_employee_page_and_coverage(page, live_server, org, sign_in, axe_violations, screenshot, training):
    version, _session, _program = training
    complete_self_paced(
        module_version=version, employee=org.water_worker, wrap_up_answers=[], commitment="Call back the same day"
    )
    sign_in(page, live_server, "head")
    page.goto(f"{live_server.url}/org/employees/{org.water_worker.pk}/")
    assert page.get_by_text("1 module completed").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "training-employee-page")
    page.goto(f"{live_server.url}/training/coverage/")
    assert axe_violations(page) == []
    screenshot(page, "training-coverage")


def test_trainer_pages_are_accessible(page, live_server, org, sign_in, axe_violations, screenshot, training):
    version, session, _program = training
    add_departments_to_roster(by=org.trainer_user, session=session, departments=[org.public_works])
    set_check_in(by=org.trainer_user, session=session, open=True)
    sign_in(page, live_server, "trainer")
    pages = {
        "sessions": "/training/sessions/",
        "session-new": "/training/sessions/new/",
        "roster": f"/training/sessions/{session.pk}/",
        "reflections": f"/training/sessions/{session.pk}/reflections/",
        "modules": "/training/modules/",
        "module": f"/training/modules/{version.module.pk}/",
        "module-edit": f"/training/modules/{version.module.pk}/edit/",
        "programs": "/training/programs/",
        "overdue": "/training/commitments/overdue/",
    }
    page.goto(f"{live_server.url}/training/sessions/{session.pk}/")
    assert image_width(page.locator(".qr-code img")) > 0
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], name
        screenshot(page, f"training-trainer-{name}")
