"""Bad input gets a 4xx page that says what was wrong, never a 500: each cause the fuzz found, as people meet it."""

from datetime import timedelta

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone

from org.roles import Role
from serviceculture.untrusted import parse_id
from surveys.models import Response, SurveyStatus
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from tests.evaluations.builders import make_cycle
from training.models import Reflection
from training.services.sessions import add_to_roster, schedule_session

pytestmark = pytest.mark.django_db
CHARACTERS = "The address or the form contained characters we cannot accept"
ENCODING = "Your browser sent text in an encoding we do not read"


@pytest.fixture
def link(org):
    survey = create_a11_survey(by=org.admin_user)
    survey.status = SurveyStatus.LIVE
    survey.save()
    org.counter.staff.add(org.water_worker)
    return create_links(survey=survey, service_point=org.counter, by=org.admin_user)[0]


def answers(link, **extra) -> dict:
    data = {f"q{question.pk}": "4" if question.scale else "Quick and kind." for question in link.survey.questions.all()}
    return data | extra


def browser() -> Client:
    """A client that, like a browser, passes the CSRF check only with the token it was given."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = _get_new_csrf_string()
    return client


def page(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "/s/%00/",
        "/s/%00/thanks/",
        "/certificates/%00/",
        "/certificates/?code=%00",
        "/standards/?x=%01",
        "/s/abc%7F/",
        "/healthz?a=%C2%85",
    ],
)
def test_a_control_character_in_an_address_gets_the_bilingual_400_page(client, address):
    path, _, query = address.partition("?")
    response = client.get(path, QUERY_STRING=query)
    assert response.status_code == 400
    assert CHARACTERS in page(response)
    assert "contenía caracteres que no podemos aceptar" in page(response)


def test_a_query_string_that_is_not_utf8_is_refused_with_the_encoding_explained(client):
    response = client.get("/standards/", QUERY_STRING="q=%C3%28")
    assert response.status_code == 400
    assert ENCODING in page(response)


def test_a_survey_address_that_is_not_utf8_is_a_page_not_found(client):
    response = client.get("/", PATH_INFO="/s/\xff\xfe/")  # the bytes as a WSGI server hands them over
    assert response.status_code == 404
    assert "We could not find that page" in page(response)


def test_accented_letters_in_an_address_are_welcome(client):
    assert client.get("/certificates/", {"code": "señal"}).status_code == 404  # no such certificate, but read fine


def test_a_resident_form_posted_as_latin1_gets_the_400_page_not_a_500(link):
    client = browser()
    client.get(f"/s/{link.token}/")
    body = "&".join(f"{name}={value}" for name, value in answers(link).items()).replace(" ", "+")
    response = client.post(f"/s/{link.token}/", body, content_type="application/x-www-form-urlencoded; charset=latin-1")
    assert response.status_code == 400
    assert ENCODING in page(response)
    assert "Nothing was saved from this request." in page(response)
    assert not Response.objects.exists()


def test_a_nul_in_a_resident_answer_is_refused_but_tabs_and_line_breaks_are_kept(client, link):
    comment = next(f"q{q.pk}" for q in link.survey.questions.all() if not q.scale)
    refused = client.post(f"/s/{link.token}/", answers(link, **{comment: "fine\x00"}))
    assert refused.status_code == 400 and CHARACTERS in page(refused)
    kept = client.post(f"/s/{link.token}/", answers(link, **{comment: "Line one\nLine\x0btwo\tend"}))
    assert kept.status_code == 302
    assert Response.objects.get().answers.get(question__pk=comment[1:]).text == "Line one\nLine\x0btwo\tend"


def test_a_4300_digit_employee_in_a_compliment_is_a_form_error_with_everything_kept(client, link):
    response = client.post(f"/s/{link.token}/", answers(link, compliment_employee="9" * 4300, compliment_name="Walter"))
    assert response.status_code == 400
    assert "Please choose a name from the list." in page(response)
    assert 'value="Walter"' in page(response)
    assert not Response.objects.exists()


def test_an_oversized_form_is_refused_with_a_clear_message(client, link, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post(
        f"/s/{link.token}/", answers(link, website="x" * 20_000), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "What you sent is larger than we accept" in page(response)


def test_a_form_with_thousands_of_fields_is_refused_with_a_clear_message(client, link):
    body = "&".join(f"f{number}=1" for number in range(1500))
    response = client.post(f"/s/{link.token}/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "The form had more fields than we accept" in page(response)


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=x; charset=nope"],
)
def test_a_damaged_multipart_form_is_refused_with_a_clear_message(client, link, content_type):
    response = client.generic(
        "POST",
        f"/s/{link.token}/",
        b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n',
        content_type=content_type,
    )
    assert response.status_code == 400
    assert "The form arrived damaged" in page(response) or "We could not read your request" in page(response)


def test_a_forged_session_cookie_with_a_nul_leaves_the_person_signed_out_not_facing_a_500(org):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_400_page_renders_without_the_request_even_when_it_cannot_be_read(rf):
    from serviceculture.untrusted import bad_request

    request = rf.post("/s/x/", "a=1", content_type="application/x-www-form-urlencoded; charset=latin-1")
    response = bad_request(request, exception=None)
    assert response.status_code == 400
    assert "We could not read your request" in page(response) and "No pudimos leer su solicitud" in page(response)
    assert "Nothing was saved" not in page(response)  # a 400 raised by a view may come after a write


@pytest.mark.parametrize("number", ["9" * 4301, "²", "٣", "+3", " 3", "99999999999999999999"])
def test_an_admin_asking_reports_for_a_strange_department_or_year_gets_a_404(client, org, number):
    client.force_login(org.admin_user)
    assert client.get("/reports/", {"department": number}).status_code == 404
    assert client.get("/reports/annual/", {"department": number}).status_code == 404
    assert client.get("/reports/annual/", {"year": number}).status_code == 404
    cycle = make_cycle()  # calibration falls back to the first department it may show
    assert client.get(f"/evaluations/cycles/{cycle.pk}/calibration/", {"department": number}).status_code == 200


def test_a_qr_code_address_with_a_huge_or_foreign_number_is_a_404(client, org, link):
    client.force_login(org.admin_user)
    assert client.get(f"/surveys/links/{link.pk}/qr.svg").status_code == 200
    assert client.get("/surveys/links/" + "1" * 4301 + "/qr.svg").status_code == 404
    assert client.get("/surveys/links/٣/qr.svg").status_code == 404


def test_an_inbox_filter_on_the_last_possible_day_shows_the_inbox(client, org, link):
    client.force_login(org.admin_user)
    response = client.get("/surveys/responses/", {"submitted_to": "9999-12-31", "submitted_from": "0001-01-01"})
    assert response.status_code == 200


@pytest.fixture
def reflected_session(org):
    from tests.training.conftest import published_module

    session = schedule_session(
        by=org.trainer_user,
        module_version=published_module(),
        facilitator=org.county.employees.get(first_name="Trina"),
        starts_at=timezone.now() - timedelta(hours=2),
        location="Room 101",
        capacity=10,
        invited_departments=[org.water],
        reflection_prompt="What does service mean to you?",
    )
    add_to_roster(by=org.trainer_user, session=session, employees=[org.water_worker])
    return session


@pytest.mark.parametrize("value", ["", "abc", "\x01", "9" * 4301, "٣"])
def test_a_trainer_posting_a_nonsense_id_to_a_sessions_buttons_gets_a_404(client, org, reflected_session, value):
    client.force_login(org.trainer_user)
    base = f"/training/sessions/{reflected_session.pk}"
    assert client.post(f"{base}/reflections/", {"reflection": value, "on_wall": "1"}).status_code in (400, 404)
    assert client.post(f"{base}/remove/", {"employee": value}).status_code in (400, 404)
    assert reflected_session.attendances.filter(employee=org.water_worker).exists()
    assert not Reflection.objects.filter(on_wall=True).exists()


def test_ids_are_read_from_plain_ascii_digits_only():
    assert parse_id("42") == 42
    assert [parse_id(text) for text in ("", None, "0", "-1", "+1", " 1", "1_000", "²", "٣", "1e3", "9" * 19)] == [
        None
    ] * 11
    assert parse_id("9" * 18) == 10**18 - 1


def test_a_person_with_a_role_still_reaches_pages_with_ordinary_input(client, org, user_factory):
    user = user_factory("reader", Role.PROGRAM_ADMIN)
    client.force_login(user)
    assert client.get("/surveys/responses/", {"comment": "café au lait", "box": "all"}).status_code == 200


@pytest.mark.parametrize("per_page", ["-924767", "0", "10000000"])
def test_a_page_size_out_of_bounds_in_the_address_still_shows_a_page_of_the_list(client, org, per_page):
    client.force_login(org.hr_user)

    page = client.get("/evaluations/all/", {"per_page": per_page})

    assert page.status_code == 200
    assert 1 <= page.context["table"].paginator.per_page <= 200


@pytest.mark.parametrize("credential", ["4" * 4301, '{"id": ' + "4" * 4301 + "}"])
def test_a_security_key_sign_in_with_an_oversized_number_is_refused_not_a_500(client, credential):
    client.get("/accounts/login/")
    response = client.post("/accounts/2fa/webauthn/login/", {"credential": credential})
    assert response.status_code < 500
    assert not response.wsgi_request.user.is_authenticated
