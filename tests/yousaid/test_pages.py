"""The pages of 'you said, we did' as heads and program admins use them, and who may open what."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent
from serviceculture.dates import local_today
from tests.yousaid.conftest import water_text
from yousaid.models import ActionStatus, FeedbackAction
from yousaid.services import save_action

pytestmark = pytest.mark.django_db

LIST = reverse("yousaid:action_list")
NEW = reverse("yousaid:action_create")


def _as(client, user):
    client.force_login(user)
    return client


def _form(org, **changes) -> dict:
    return {
        "department": org.water.pk,
        "service_point": org.counter.pk,
        "changed_on": (local_today() - timedelta(days=2)).isoformat(),
        "you_said_en": "The counter closed for lunch without notice.",
        "we_did_en": "The counter now stays open over lunch.",
        "you_said_es": "",
        "we_did_es": "",
        **changes,
    }


# --- who may open what -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, expected",
    [
        ("head_user", 200),
        ("admin_user", 200),
        ("other_head_user", 200),
        ("hr_user", 403),
        ("trainer_user", 403),
        ("employee_user", 403),
    ],
)
def test_the_list_is_for_heads_and_program_admins(client, org, who, expected):
    assert _as(client, getattr(org, who)).get(LIST).status_code == expected


@pytest.mark.parametrize(
    "who, page, expected",
    [
        ("head_user", "action_detail", 200),
        ("head_user", "action_edit", 200),
        ("admin_user", "action_detail", 200),
        ("admin_user", "action_edit", 403),  # program admins review, they do not write
        ("other_head_user", "action_detail", 404),  # another department's action does not exist for them
        ("other_head_user", "action_edit", 404),
        ("hr_user", "action_detail", 403),
        ("employee_user", "action_detail", 403),
    ],
)
def test_an_action_page_matrix(client, org, draft, who, page, expected):
    url = reverse(f"yousaid:{page}", args=[draft.pk])
    assert _as(client, getattr(org, who)).get(url).status_code == expected


@pytest.mark.parametrize(
    "who, expected",
    [("head_user", 302), ("other_head_user", 404), ("admin_user", 403), ("employee_user", 403)],
)
def test_only_the_departments_head_sends_an_action_for_review(client, org, draft, who, expected):
    response = _as(client, getattr(org, who)).post(reverse("yousaid:action_submit", args=[draft.pk]))
    assert response.status_code == expected
    draft.refresh_from_db()
    assert (draft.status == ActionStatus.SUBMITTED) == (expected == 302)


@pytest.mark.parametrize("who, expected", [("head_user", 403), ("other_head_user", 403), ("hr_user", 403)])
def test_nobody_but_a_program_admin_reviews(client, org, submitted, who, expected):
    url = reverse("yousaid:action_review", args=[submitted.pk])
    assert _as(client, getattr(org, who)).post(url, {"decision": "publish"}).status_code == expected
    submitted.refresh_from_db()
    assert submitted.status == ActionStatus.SUBMITTED


def test_a_head_lists_only_their_departments_actions(client, org, draft, clinic_action):
    page = _as(client, org.head_user).get(LIST).content.decode()
    assert reverse("yousaid:action_detail", args=[draft.pk]) in page
    assert reverse("yousaid:action_detail", args=[clinic_action.pk]) not in page


def test_a_head_chooses_only_among_their_departments_and_service_points(client, org):
    form = _as(client, org.head_user).get(NEW).context["form"]
    assert set(form.fields["department"].queryset) == {org.public_works, org.water}
    assert list(form.fields["service_point"].queryset) == [org.counter]


def test_a_head_cannot_post_an_action_for_another_department(client, org):
    response = _as(client, org.head_user).post(NEW, _form(org, department=org.clinic.pk, service_point=""))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not FeedbackAction.objects.exists()


# --- the head's form ---------------------------------------------------------------------------------


def test_a_head_saves_a_draft_then_sends_it_from_its_page(client, org):
    client = _as(client, org.head_user)
    response = client.post(NEW, _form(org))
    action = FeedbackAction.objects.get()
    assert response.url == action.get_absolute_url() and action.status == ActionStatus.DRAFT
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Not written in Spanish yet" in page and "Send for review" in page
    client.post(reverse("yousaid:action_submit", args=[action.pk]))
    action.refresh_from_db()
    assert action.status == ActionStatus.SUBMITTED


def test_send_for_review_on_the_form_saves_and_sends_at_once(client, org):
    _as(client, org.head_user).post(NEW, {**_form(org), "submit": "1"})
    assert FeedbackAction.objects.get().status == ActionStatus.SUBMITTED
    assert AuditEvent.objects.filter(action=AuditAction.ACTION_SUBMITTED).count() == 1


def test_bad_input_comes_back_with_clear_messages_and_everything_typed(client, org):
    typed = _form(org, we_did_en="", changed_on=(local_today() + timedelta(days=5)).isoformat())
    response = _as(client, org.head_user).post(NEW, typed)
    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in page
    assert "it cannot be in the future" in page
    assert "The counter closed for lunch without notice." in page
    assert not FeedbackAction.objects.exists()


def test_a_service_point_of_another_division_is_refused_on_the_form(client, org):
    response = _as(client, org.head_user).post(NEW, _form(org, department=org.public_works.pk))
    assert response.status_code == 400
    assert "Choose a service point of the department, or none." in response.content.decode()


@pytest.mark.parametrize("step", ["submitted", "published"])
def test_an_action_under_review_or_published_opens_read_only(client, org, request, step):
    action = request.getfixturevalue(step)
    client = _as(client, org.head_user)
    edit = reverse("yousaid:action_edit", args=[action.pk])
    assert client.get(edit).url == action.get_absolute_url()
    client.post(edit, _form(org, we_did_en="Changed behind the reviewer's back."))
    action.refresh_from_db()
    assert action.we_did_en != "Changed behind the reviewer's back."
    page = client.get(action.get_absolute_url()).content.decode()
    assert "can no longer be changed" in page and edit not in page


# --- the program admin's review ------------------------------------------------------------------------


def test_the_admins_list_filters_those_waiting_for_review(client, org, draft, submitted):
    page = _as(client, org.admin_user).get(LIST, {"status": "submitted"}).content.decode()
    assert reverse("yousaid:action_detail", args=[submitted.pk]) in page
    assert reverse("yousaid:action_detail", args=[draft.pk]) not in page


def test_the_admins_home_page_counts_actions_waiting_and_links_to_them(client, org, submitted):
    page = _as(client, org.admin_user).get(reverse("home")).content.decode()
    assert f'href="{LIST}?status=submitted" data-count="1"' in page


def test_the_heads_home_page_counts_actions_returned_to_them(client, org, submitted):
    _as(client, org.admin_user).post(
        reverse("yousaid:action_review", args=[submitted.pk]), {"decision": "return", "note": "Which counter?"}
    )
    page = _as(client, org.head_user).get(reverse("home")).content.decode()
    assert f'href="{LIST}?status=returned" data-count="1"' in page


def test_an_admin_publishes_from_the_review_page(client, org, submitted):
    client = _as(client, org.admin_user)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "Publish" in page and "Un letrero en la puerta" in page  # both languages to review
    client.post(reverse("yousaid:action_review", args=[submitted.pk]), {"decision": "publish"})
    submitted.refresh_from_db()
    assert submitted.status == ActionStatus.PUBLISHED
    assert "published" in client.get(submitted.get_absolute_url()).content.decode().lower()


def test_returning_without_a_note_says_so_beside_the_note_box(client, org, submitted):
    url = reverse("yousaid:action_review", args=[submitted.pk])
    response = _as(client, org.admin_user).post(url, {"decision": "return", "note": ""})
    assert response.status_code == 400
    assert "Say what the head should change" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ActionStatus.SUBMITTED


def test_the_head_reads_the_note_on_the_returned_action_and_its_form(client, org, submitted):
    _as(client, org.admin_user).post(
        reverse("yousaid:action_review", args=[submitted.pk]), {"decision": "return", "note": "Name the counter."}
    )
    client = _as(client, org.head_user)
    assert "Name the counter." in client.get(submitted.get_absolute_url()).content.decode()
    assert "Name the counter." in client.get(reverse("yousaid:action_edit", args=[submitted.pk])).content.decode()


def test_an_admin_who_submitted_sees_no_review_buttons_on_their_own(client, org, submitted):
    submitted.submitted_by = org.admin_user
    submitted.save()
    page = _as(client, org.admin_user).get(submitted.get_absolute_url()).content.decode()
    assert 'value="publish"' not in page


def test_the_list_costs_the_same_queries_however_many_actions(client, org, django_assert_max_num_queries):
    client = _as(client, org.admin_user)
    save_action(action=None, text=water_text(org), by=org.head_user)
    with django_assert_max_num_queries(30) as few:
        client.get(LIST)
    for day in range(20):
        save_action(action=None, text=water_text(org, changed_on=local_today() - timedelta(days=day)), by=org.head_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


def test_the_menu_leads_heads_and_admins_to_the_list(client, org):
    for who, shown in (("head_user", True), ("admin_user", True), ("hr_user", False), ("employee_user", False)):
        page = _as(client, getattr(org, who)).get(reverse("home")).content.decode()
        assert (f'href="{LIST}"' in page) is shown, who
