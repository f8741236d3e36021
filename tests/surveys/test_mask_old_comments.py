"""Comments stored before submission masked them are masked by `manage.py mask_old_comments`."""

import logging
from io import StringIO

import pytest
from django.core.management import call_command

from surveys.models import Answer, QuestionKind, Response
from surveys.services.responses import submit_response
from tests.surveys.test_services import answers_for

pytestmark = pytest.mark.django_db

OLD_COMMENTS = [
    "Call me at (555) 123-4567, the permit is late",
    "Mi correo es maria.lopez@correo.es y mi seguro social 123-45-6789",
    "Waited 45 minutes on 12/05/2026 and paid $1,234.56",
    "Llámenme al +34 612 34 56 78",
    "",
]


@pytest.fixture
def old_responses(survey, open_link):
    """Responses as they were stored before masking existed: the comment as typed, nothing marked."""
    stored = []
    for comment in OLD_COMMENTS:
        response = submit_response(link=open_link, answers=answers_for(survey, text="placeholder"), language="en")
        Answer.objects.filter(response=response, question__kind=QuestionKind.LONG_TEXT).update(
            text=comment, masked_kinds=[]
        )
        stored.append(response)
    return stored


def comment_of(response: Response) -> Answer:
    return Answer.objects.get(response=response, question__kind=QuestionKind.LONG_TEXT)


def run(*args: str) -> str:
    out = StringIO()
    call_command("mask_old_comments", *args, stdout=out)
    return out.getvalue()


def test_old_comments_are_masked_and_their_responses_marked(old_responses, caplog):
    caplog.set_level(logging.DEBUG)
    output = run("--batch-size", "2")

    phone, email_and_ssn, ordinary, spanish_phone, empty = old_responses
    assert comment_of(empty).text == ""
    assert comment_of(phone).text == "Call me at [tel], the permit is late"
    assert comment_of(phone).masked_kinds == ["phone"]
    assert comment_of(email_and_ssn).text == "Mi correo es [email] y mi seguro social [SSN]"
    assert comment_of(email_and_ssn).masked_kinds == ["email", "ssn"]
    assert comment_of(spanish_phone).text == "Llámenme al [tel]"
    assert comment_of(ordinary).text == "Waited 45 minutes on 12/05/2026 and paid $1,234.56"
    marked = set(Response.objects.filter(personal_data_masked=True).values_list("pk", flat=True))
    assert marked == {phone.pk, email_and_ssn.pk, spanish_phone.pk}
    assert "3 masked, 3 responses newly marked" in output

    said = output + caplog.text
    for secret in ("555", "maria.lopez", "123-45-6789", "612 34", "permit"):
        assert secret not in said  # counts only, never a comment


def test_running_it_again_changes_nothing(old_responses):
    run()
    texts = list(Answer.objects.order_by("pk").values_list("text", "masked_kinds"))
    assert "0 masked, 0 responses newly marked" in run("--batch-size", "3")
    assert list(Answer.objects.order_by("pk").values_list("text", "masked_kinds")) == texts


def test_a_dry_run_counts_and_writes_nothing(old_responses):
    output = run("--dry-run")
    assert "3 masked, 3 responses newly marked" in output and "nothing was written" in output
    assert comment_of(old_responses[0]).text == OLD_COMMENTS[0]
    assert not Response.objects.filter(personal_data_masked=True).exists()


def test_kinds_found_at_submission_are_kept(survey, open_link):
    response = submit_response(
        link=open_link, answers=answers_for(survey, text="write to ana@example.com"), language="en"
    )
    Answer.objects.filter(pk=comment_of(response).pk).update(text="[email], or call 555-123-4567")
    run()
    assert comment_of(response).masked_kinds == ["email", "phone"]
