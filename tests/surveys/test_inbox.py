"""The response inbox: scoping by org.access, triage and its history, bulk actions, follow-ups, compliments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys.models import Audience, Response, SurveyStatus, TriageEvent
from surveys.services.builder import create_a11_survey
from surveys.services.links import create_links
from surveys.services.responses import submit_response
from tests.surveys.test_services import answers_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def water_response(survey, open_link):
    return submit_response(link=open_link, answers=answers_for(survey, text="Leaky pipe fixed fast"), language="en")


@pytest.fixture
def clinic_response(survey, clinic_link):
    return submit_response(link=clinic_link, answers=answers_for(survey, text="Clinic was crowded"), language="es")


def inbox(client, user, **params):
    client.force_login(user)
    return client.get(reverse("surveys:inbox"), params)


def test_department_head_sees_only_their_subtree(client, org, water_response, clinic_response):
    page = inbox(client, org.head_user)
    ids = [row.record.pk for row in page.context["table"].rows]
    assert ids == [water_response.pk]
    assert page.context["reportable_total"] == 1


def test_department_head_gets_404_for_another_subtrees_response(client, org, clinic_response):
    client.force_login(org.head_user)
    assert client.get(reverse("surveys:response_detail", args=[clinic_response.pk])).status_code == 404
    client.force_login(org.other_head_user)
    assert client.get(reverse("surveys:response_detail", args=[clinic_response.pk])).status_code == 200


@pytest.mark.parametrize(
    "who, expected",
    [("admin_user", 200), ("head_user", 200), ("hr_user", 403), ("trainer_user", 403), ("employee_user", 403)],
)
def test_inbox_roles(client, org, who, expected):
    client.force_login(getattr(org, who))
    assert client.get(reverse("surveys:inbox")).status_code == expected


def test_signed_out_people_go_to_sign_in(client, db):
    page = client.get(reverse("surveys:inbox"))
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def test_program_admin_sees_everything_and_filters_by_comment_words(client, org, water_response, clinic_response):
    page = inbox(client, org.admin_user)
    assert len(page.context["table"].rows) == 2
    page = inbox(client, org.admin_user, comment="crowded")
    assert [row.record.pk for row in page.context["table"].rows] == [clinic_response.pk]


def test_triage_actions_are_recorded_with_who_and_what(client, org, water_response):
    client.force_login(org.head_user)
    url = reverse("surveys:triage")
    client.post(url, {"selection": [water_response.pk], "action": "status", "status": "acknowledged"})
    client.post(url, {"selection": [water_response.pk], "action": "flag"})
    client.post(url, {"selection": [water_response.pk], "action": "tag", "tag": "pipes"})
    water_response.refresh_from_db()
    assert water_response.status == "acknowledged" and water_response.flagged
    assert list(water_response.tags.values_list("name", flat=True)) == ["pipes"]
    events = list(TriageEvent.objects.order_by("pk").values_list("actor__username", "action", "detail"))
    assert events == [("head", "status", "Acknowledged"), ("head", "flag", ""), ("head", "tag", "pipes")]
    detail = client.get(reverse("surveys:response_detail", args=[water_response.pk])).content.decode()
    assert "Flagged" in detail and "pipes" in detail and "Acknowledged" in detail


def test_bulk_action_cannot_reach_out_of_scope_responses(client, org, water_response, clinic_response):
    client.force_login(org.head_user)
    client.post(reverse("surveys:triage"), {"selection": [water_response.pk, clinic_response.pk], "action": "spam"})
    clinic_response.refresh_from_db()
    water_response.refresh_from_db()
    assert not clinic_response.is_spam and not water_response.is_spam  # the whole request is refused
    client.post(reverse("surveys:triage"), {"selection": [water_response.pk], "action": "spam"})
    water_response.refresh_from_db()
    assert water_response.is_spam


def test_spam_and_deleted_leave_the_inbox_and_the_totals(client, org, water_response, clinic_response):
    client.force_login(org.admin_user)
    client.post(reverse("surveys:triage"), {"selection": [water_response.pk], "action": "spam"})
    client.post(reverse("surveys:triage"), {"selection": [clinic_response.pk], "action": "delete"})
    page = inbox(client, org.admin_user)
    assert len(page.context["table"].rows) == 0 and page.context["reportable_total"] == 0
    spam_box = inbox(client, org.admin_user, box="spam")
    assert [row.record.pk for row in spam_box.context["table"].rows] == [water_response.pk]
    assert Response.objects.filter(pk=clinic_response.pk).exists()  # soft delete keeps the row


def test_follow_ups_due_lists_contact_requests_until_responded(client, org, survey, open_link):
    asked = submit_response(
        link=open_link,
        answers=answers_for(survey),
        language="en",
        contact={"contact_email": "ana@example.com", "contact_name": "Ana"},
    )
    client.force_login(org.head_user)
    page = client.get(reverse("surveys:follow_ups"))
    assert [row.record.pk for row in page.context["table"].rows] == [asked.pk]
    client.post(reverse("surveys:triage"), {"selection": [asked.pk], "action": "status", "status": "responded"})
    assert len(client.get(reverse("surveys:follow_ups")).context["table"].rows) == 0


def test_confirmed_compliment_appears_on_the_employees_page(client, org, survey, open_link):
    response = submit_response(
        link=open_link, answers=answers_for(survey), language="en", compliment_name="Walter at the counter"
    )
    client.force_login(org.head_user)
    employee_page = reverse("org:employee_detail", args=[org.water_worker.pk])
    assert "No confirmed compliments yet." in client.get(employee_page).content.decode()
    client.post(reverse("surveys:compliment_decide", args=[response.pk]), {"employee": org.water_worker.pk})
    compliment = response.compliment
    compliment.refresh_from_db()
    assert (compliment.status, compliment.employee, compliment.confirmed_by) == (
        "confirmed",
        org.water_worker,
        org.head_user,
    )
    client.force_login(org.employee_user)  # the employee sees their own compliments
    assert "1 confirmed compliment from residents." in client.get(employee_page).content.decode()
    assert TriageEvent.objects.filter(action="compliment", actor=org.head_user).exists()


def test_head_cannot_credit_an_employee_outside_their_scope(client, org, survey, open_link):
    response = submit_response(link=open_link, answers=answers_for(survey), language="en", compliment_name="Clara")
    client.force_login(org.head_user)
    client.post(reverse("surveys:compliment_decide", args=[response.pk]), {"employee": org.clinic_worker.pk})
    response.compliment.refresh_from_db()
    assert response.compliment.status == "pending"


def test_inbox_query_count_does_not_grow_with_rows(client, org, survey, open_link, django_assert_max_num_queries):
    for _index in range(30):
        submit_response(link=open_link, answers=answers_for(survey), language="en")
    client.force_login(org.admin_user)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("surveys:inbox")).status_code == 200


def _counts_of_responses(captured) -> int:
    """The COUNT statements over the responses themselves (not the compliments to confirm, a set of its own)."""
    return sum(
        1
        for query in captured
        if query["sql"].startswith("SELECT COUNT(*)") and "surveys_compliment" not in query["sql"].split("WHERE")[0]
    )


@pytest.mark.parametrize("box, shown", [("inbox", 3), ("counted", 3), ("spam", 1), ("all", 4)])
def test_the_inbox_counts_its_responses_once_a_page(client, org, survey, open_link, box, shown):
    for _index in range(3):
        submit_response(link=open_link, answers=answers_for(survey), language="en")
    spam = submit_response(link=open_link, answers=answers_for(survey), language="en")
    Response.objects.filter(pk=spam.pk).update(is_spam=True)
    client.force_login(org.admin_user)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("surveys:inbox"), {"box": box})
    # The box holds only responses that count (or none): the table's count gives the figure; "all" needs its own.
    assert _counts_of_responses(captured) == (2 if box == "all" else 1)
    counting = 0 if box == "spam" else 3
    assert f"{counting} response" in page.content.decode()
    assert len(page.context["table"].rows) == shown


def test_a_large_unfiltered_box_says_about_how_many_without_counting(client, org, survey, open_link, monkeypatch):
    """Past ESTIMATE_FROM rows (a hundred thousand: lowered here) the unfiltered inbox takes PostgreSQL's estimate
    of its size, read out in two figures, instead of counting every response on every page view."""
    monkeypatch.setattr("serviceculture.pagination.ESTIMATE_FROM", 1)
    for _index in range(60):
        submit_response(link=open_link, answers=answers_for(survey), language="en")
    client.force_login(org.admin_user)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("surveys:inbox"))
    assert _counts_of_responses(captured) == 0
    assert page.context["total_estimated"] and "About " in page.content.decode()
    assert len(page.context["table"].page.object_list) == 50
    second = client.get(reverse("surveys:inbox"), {"page": 2})
    assert second.status_code == 200 and len(second.context["table"].page.object_list) == 10
    past = client.get(reverse("surveys:inbox"), {"page": 9})  # past the last row: counted, and the last page shown
    assert past.status_code == 200 and past.context["table"].page.number == 2 and not past.context["total_estimated"]


def test_a_filtered_box_is_counted_exactly(client, org, survey, open_link, monkeypatch):
    """An estimate is as good as the planner's guess: with a filter the figure is counted."""
    monkeypatch.setattr("serviceculture.pagination.ESTIMATE_FROM", 1)
    for _index in range(3):
        submit_response(link=open_link, answers=answers_for(survey), language="en")
    client.force_login(org.admin_user)
    page = client.get(reverse("surveys:inbox"), {"service_point": org.counter.pk})
    assert not page.context["total_estimated"] and page.context["reportable_total"] == 3
    assert "About " not in page.content.decode() and "3 responses count" in page.content.decode()


def test_inbox_lists_compliments_waiting_for_confirmation(client, org, survey, open_link, water_response):
    named = submit_response(
        link=open_link, answers=answers_for(survey), language="en", compliment_name="Walter at the counter"
    )
    decided = submit_response(
        link=open_link, answers=answers_for(survey), language="en", compliment_name="Someone kind"
    )
    client.force_login(org.head_user)
    client.post(reverse("surveys:compliment_decide", args=[decided.pk]), {"employee": org.water_worker.pk})
    page = inbox(client, org.head_user)
    assert "Compliments to confirm (1)" in page.content.decode()
    page = inbox(client, org.head_user, compliment="pending")
    assert [row.record.pk for row in page.context["table"].rows] == [named.pk]
    assert page.content.decode().count(">Compliment to confirm</span>") == 1
    page = inbox(client, org.head_user, compliment="confirmed")
    assert [row.record.pk for row in page.context["table"].rows] == [decided.pk]


def test_inbox_previews_the_comment_escaped_and_shortened(client, org, survey, open_link):
    comment = "<b>Loud</b> waiting room. " + "The queue was long. " * 10 + "THE END"
    submit_response(link=open_link, answers=answers_for(survey, text=comment), language="en")
    html = inbox(client, org.admin_user).content.decode()
    assert "&lt;b&gt;Loud&lt;/b&gt; waiting room. The queue was long." in html
    assert "<b>Loud</b>" not in html and "THE END" not in html


def test_inbox_separates_internal_customers_from_residents(client, org, survey, water_response):
    internal = create_a11_survey(title_en="Facilities desk, as colleagues see it", by=org.admin_user)
    internal.audience, internal.status = Audience.INTERNAL, SurveyStatus.LIVE
    internal.save()
    link = create_links(survey=internal, service_point=org.counter, by=org.admin_user)[0]
    from_staff = submit_response(link=link, answers=answers_for(internal), language="en")
    page = inbox(client, org.head_user, audience="internal")
    assert [row.record.pk for row in page.context["table"].rows] == [from_staff.pk]
    page = inbox(client, org.head_user, audience="residents")
    assert [row.record.pk for row in page.context["table"].rows] == [water_response.pk]


def test_triage_goes_back_to_the_inbox_page_the_head_was_on_but_never_off_site(client, org, water_response):
    client.force_login(org.head_user)
    url = reverse("surveys:triage")
    filtered = reverse("surveys:inbox") + "?flagged=true"
    back = client.post(url, {"selection": [water_response.pk], "action": "flag", "next": filtered})
    away = client.post(url, {"selection": [water_response.pk], "action": "flag", "next": "https://evil.example/"})
    not_a_path = client.post(url, {"selection": [water_response.pk], "action": "flag", "next": "1e309"})
    assert back["Location"] == filtered
    assert away["Location"] == not_a_path["Location"] == reverse("surveys:inbox")
