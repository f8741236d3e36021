"""The feedback button for any website: its link, its script, its page, and what a response keeps of the page."""

import pytest
from django.urls import reverse

from org.models import Channel
from surveys.models import LinkKind, Response, SurveyLink
from surveys.services.widget import make_widget_link, page_path, widget_link
from tests.surveys.conftest import answers_post


@pytest.mark.parametrize(
    "sent, kept",
    [
        ("/permits/apply", "/permits/apply"),
        ("/permits/apply?case=12345&name=Rosa", "/permits/apply"),
        ("/permits/apply#step-2", "/permits/apply"),
        ("https://harbor.gov/water/bill?account=99", "/water/bill"),
        ("//elsewhere.example/path?q=1", "/path"),
        ("javascript:alert(1)", ""),
        ("not a path", ""),
        ("http://[", ""),
        ("/" + "a" * 400, "/" + "a" * 299),
    ],
)
def test_only_the_path_of_a_page_is_kept(sent, kept):
    assert page_path(sent) == kept


@pytest.mark.django_db
def test_the_button_link_is_one_open_web_link_however_often_it_is_made(org, open_link):
    first = make_widget_link(service_point=org.counter, by=org.admin_user)
    again = make_widget_link(service_point=org.counter, by=org.admin_user)
    assert first == again == widget_link(org.counter)
    assert (first.kind, first.channel, first.created_by) == (LinkKind.OPEN, Channel.WEB, org.admin_user)
    assert first.code  # an open link, with its short code like any other


@pytest.mark.django_db
def test_a_response_through_the_button_keeps_the_page_path_and_not_its_query(client, org, survey, open_link):
    link = make_widget_link(service_point=org.counter, by=org.admin_user)
    address = f"{link.get_absolute_url()}?page=/water/bill%3Faccount%3D99&lang=es"
    form = client.get(address)
    assert f'action="/s/{link.token}/?page=%2Fwater%2Fbill&amp;lang=es"' in form.text
    assert form.headers["Content-Language"] == "es"
    response = client.post(f"{link.get_absolute_url()}?page=/water/bill?account=99%23top&lang=es", answers_post(survey))
    assert response.status_code == 302
    stored = Response.objects.get()
    assert (stored.page_path, stored.channel, stored.language) == ("/water/bill", Channel.WEB, "es")


@pytest.mark.django_db
def test_a_residents_own_choice_of_language_beats_the_buttons(client, org, survey, open_link):
    link = make_widget_link(service_point=org.counter, by=org.admin_user)
    client.cookies["django_language"] = "en"
    page = client.get(f"{link.get_absolute_url()}?lang=es")
    assert page.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_the_script_sets_no_cookie_and_any_site_may_cache_and_load_it(client):
    response = client.get("/widget/feedback.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert "public" in response.headers["Cache-Control"] and "max-age=86400" in response.headers["Cache-Control"]
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert not response.cookies
    assert '"button": "Rate this page"' in response.text
    # No markup and no style attribute that a strict Content-Security-Policy would refuse.
    assert "setAttribute" not in response.text and "innerHTML" not in response.text


@pytest.mark.django_db
def test_a_program_admin_makes_the_button_and_sees_the_lines_to_paste(client, org, survey, open_link):
    client.force_login(org.admin_user)
    page_url = reverse("surveys:service_point", args=[org.counter.pk])
    assert "Make the feedback button" in client.get(page_url).text
    made = client.post(reverse("surveys:feedback_button_link", args=[org.counter.pk]))
    assert made.status_code == 302 and made.url == page_url
    link = SurveyLink.objects.get(channel=Channel.WEB)
    page = client.get(page_url).text
    assert f"data-survey=&quot;{link.public_url}&quot;" in page  # the line to paste, shown as text
    assert f'<script src="/widget/feedback.js" data-survey="{link.public_url}" defer></script>' in page  # preview
    assert f"{link.public_url}?lang=es" in page  # the plain link for pages in Spanish


@pytest.mark.django_db
def test_a_service_point_without_a_live_survey_offers_no_button(client, org, survey):
    client.force_login(org.admin_user)
    page = client.get(reverse("surveys:service_point", args=[org.clinic_desk.pk])).text
    assert "No survey is taking answers at this service point." in page
    refused = client.post(reverse("surveys:feedback_button_link", args=[org.clinic_desk.pk]), follow=True)
    assert "No survey is taking answers at this service point." in refused.text
    assert not SurveyLink.objects.filter(channel=Channel.WEB).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, page_status, make_status",
    [("admin_user", 200, 302), ("head_user", 403, 403), ("hr_user", 403, 403), ("employee_user", 403, 403)],
)
def test_only_program_admins_open_a_service_points_page_or_make_its_button(
    client, org, survey, open_link, who, page_status, make_status
):
    client.force_login(getattr(org, who))
    assert client.get(reverse("surveys:service_point", args=[org.counter.pk])).status_code == page_status
    assert client.post(reverse("surveys:feedback_button_link", args=[org.counter.pk])).status_code == make_status


@pytest.mark.django_db
def test_signed_out_people_are_sent_to_sign_in_and_an_unknown_point_is_404(client, org):
    page = client.get(reverse("surveys:service_point", args=[org.counter.pk]))
    assert page.status_code == 302 and "/accounts/login/" in page.url
    client.force_login(org.admin_user)
    assert client.get(reverse("surveys:service_point", args=[999999])).status_code == 404
    assert client.post(reverse("surveys:feedback_button_link", args=[999999])).status_code == 404
