"""An office without an integration uploads its transactions as CSV: every row is checked first, errors name
their lines and send nothing, and a good file invites as the API does and keeps no address."""

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.models import SurveyInvitation, SurveyLink, SurveyStatus, TransactionDay
from surveys.services.links import create_links

pytestmark = pytest.mark.django_db

URL = reverse("surveys:invitation_upload")


@pytest.fixture
def offered(org, survey):
    """The survey is taking answers at the water counter and the clinic desk."""
    create_links(survey=survey, service_point=org.counter, by=org.admin_user)
    create_links(survey=survey, service_point=org.clinic_desk, by=org.admin_user)
    return survey


def upload(client, text: str, *, send: bool):
    file = SimpleUploadedFile("transactions.csv", text.encode(), content_type="text/csv")
    return client.post(URL, {"file": file, "send" if send else "check": "1"}, follow=True)


def test_a_good_file_invites_every_row_emails_in_its_language_and_keeps_no_address(
    client, org, offered, django_capture_on_commit_callbacks, monkeypatch
):
    from surveys import tasks

    # The worker's part, at once: the task handed to the broker runs here.
    monkeypatch.setattr(
        tasks.send_invitation_email, "apply_async", lambda args, **options: tasks.send_invitation_email.run(*args)
    )
    client.force_login(org.head_user)
    rows = (
        f"service_point,channel,email,language\n{org.counter.pk},phone,ana@example.com,es\n{org.counter.pk},counter,,\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = upload(client, rows, send=True)
    assert "2 rows read: 2 residents invited" in page.text
    assert SurveyInvitation.objects.count() == 2
    assert {link.label for link in SurveyLink.objects.filter(kind="single_use")} == {"CSV upload"}
    assert set(SurveyLink.objects.filter(kind="single_use").values_list("created_by", flat=True)) == {org.head_user.pk}
    assert sum(TransactionDay.objects.values_list("invited", flat=True)) == 2
    [message] = mail.outbox
    assert message.to == ["ana@example.com"]
    assert "ana@example.com" not in json.dumps(list(SurveyInvitation.objects.values()), default=str)


def test_checking_shows_the_rows_and_sends_nothing(client, org, offered):
    client.force_login(org.admin_user)
    page = upload(client, f"service_point,channel\n{org.counter.pk},counter\n", send=False)
    assert "1 row is ready to send" in page.text and "Water counter" in page.text
    assert not SurveyInvitation.objects.exists() and not TransactionDay.objects.exists()


def test_errors_name_their_lines_and_nothing_is_sent(client, org, offered):
    client.force_login(org.head_user)
    rows = "\n".join(
        [
            "service_point,channel,email,language",
            f"{org.counter.pk},counter,ana@example.com,en",
            f"{org.counter.pk},fax,,en",
            f"{org.clinic_desk.pk},counter,,en",  # Health: outside the head's departments
            f"{org.counter.pk},counter,not-an-address,fr",
            "",
        ]
    )
    page = upload(client, rows, send=True)
    assert page.status_code == 200
    text = page.text
    assert "The file has 4 errors: nothing was sent" in text
    assert "Line 3:" in text and "channel: Choose one of" in text
    assert "Line 4:" in text and "is not the number of an active service point you may invite for" in text
    assert "Line 5:" in text and "email: Enter a valid email address." in text and "language: Choose one of" in text
    assert "Line 2:" not in text
    assert not SurveyInvitation.objects.exists() and not TransactionDay.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    "text, message",
    [
        ("service_point,email\n1,a@example.com\n", "missing column(s): channel"),
        ("service_point,channel,phone\n1,counter,555\n", "unknown column(s): phone"),
        ("service_point,channel\n", "The file has no rows under its header."),
    ],
)
def test_a_wrong_header_or_an_empty_file_is_explained(client, org, offered, text, message):
    client.force_login(org.admin_user)
    page = upload(client, text, send=True)
    assert "Line 1:" in page.text and message in page.text
    assert not SurveyInvitation.objects.exists()


def test_a_survey_closing_mid_file_undoes_the_rows_before_it(client, org, offered, monkeypatch):
    from surveys.services import invitation_upload

    calls = []
    real_invite = invitation_upload.invite

    def invite_then_close(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            offered.status = SurveyStatus.CLOSED
            offered.save()
        return real_invite(**kwargs)

    monkeypatch.setattr(invitation_upload, "invite", invite_then_close)
    client.force_login(org.admin_user)
    page = upload(client, f"service_point,channel\n{org.counter.pk},counter\n{org.counter.pk},counter\n", send=True)
    assert "Line 3: No survey is taking answers at this service point. Nothing was sent." in page.text
    assert not SurveyInvitation.objects.exists() and not TransactionDay.objects.exists()


@pytest.mark.parametrize(
    "who, status", [("admin_user", 200), ("head_user", 200), ("hr_user", 403), ("employee_user", 403)]
)
def test_program_admins_and_heads_open_the_upload_page(client, org, who, status):
    client.force_login(getattr(org, who))
    assert client.get(URL).status_code == status


def test_the_page_lists_only_the_service_points_in_the_heads_scope(client, org):
    client.force_login(org.head_user)
    page = client.get(URL).text
    assert "Water counter" in page and "Clinic desk" not in page
