"""A resident's submission: the checks on the link, storing the answers, and the follow-up email it may ask for.

A resident is anonymous: nothing here records who submitted. A refusal's code tells the resident's page which
answer to give: 409 for LINK_ALREADY_USED, 410 for SURVEY_NOT_ACCEPTING.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import Employee
from serviceculture.outages import queue_task
from surveys.masking import mask_personal_data
from surveys.models import Answer, Compliment, LinkKind, QuestionKind, Response, SurveyLink
from surveys.services.invitations import forget_address_of_answered
from surveys.submission import AnswerValue

# The codes of the refusals the resident's page tells apart (ValidationError.code).
SURVEY_NOT_ACCEPTING = "survey_not_accepting"  # closed, not yet open or past its closing date
LINK_ALREADY_USED = "link_already_used"  # a single-use link was already submitted

SATISFIED_FROM = 4  # "satisfied" on a five-point scale is a 4 or a 5


def satisfaction_of(kind: str, number: int | None) -> tuple[bool | None, int | None]:
    """(satisfied, score) for an answer: stored with it so reports never re-derive them."""
    if number is None:
        return None, None
    if kind in (QuestionKind.AGREEMENT, QuestionKind.STARS):
        return number >= SATISFIED_FROM, number
    if kind == QuestionKind.THUMBS:
        return number == 1, None
    return None, None


def _answer_row(value: AnswerValue) -> Answer:
    """The row to store for one answer (its response is set by the caller); a typed comment is stored only
    masked (surveys/masking.py), so the raw text never reaches the database."""
    satisfied, score = satisfaction_of(value.question.kind, value.number)
    masked = mask_personal_data(value.text)
    return Answer(
        question=value.question,
        driver=value.question.driver,
        number=value.number,
        text=masked.text,
        masked_kinds=masked.kinds,
        choices=value.choices,
        satisfied=satisfied,
        score=score,
    )


def _already_used() -> ValidationError:
    return ValidationError(_("This link has already been used"), code=LINK_ALREADY_USED)


def check_link_takes_answers(link: SurveyLink) -> None:
    """Refuse a link whose survey is not taking answers, or a single-use link already used (as last read).
    No query: `link` comes with its survey."""
    if not link.survey.accepts_answers():
        raise ValidationError(_("This survey is not taking answers"), code=SURVEY_NOT_ACCEPTING)
    if link.kind == LinkKind.SINGLE_USE and link.used_at:
        raise _already_used()


def _claim_single_use(link: SurveyLink) -> None:
    """Mark a single-use link used in one conditional UPDATE: of two simultaneous submissions exactly one
    changes the row, the other sees 0 rows and stores nothing."""
    claimed = SurveyLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not claimed:
        raise _already_used()


def submit_response(
    *,
    link: SurveyLink,
    answers: list[AnswerValue],
    language: str,
    contact: dict[str, str] | None = None,
    compliment_employee: Employee | int | None = None,
    compliment_name: str = "",
) -> Response:
    """Store a resident's answers in a fixed number of statements, whatever the number of questions.

    `link` must come with its survey and service point loaded. Nothing here talks to the Celery broker:
    the email to the department is queued after commit, and a broker outage only delays it.
    """
    check_link_takes_answers(link)
    with transaction.atomic():
        if link.kind == LinkKind.SINGLE_USE:
            _claim_single_use(link)
            forget_address_of_answered(link=link)  # an invitation's address kept for a reminder
        contact = {name: value for name, value in (contact or {}).items() if value}
        rows = [_answer_row(value) for value in answers]
        response = Response.objects.create(
            survey=link.survey,
            link=link,
            service_point=link.service_point,
            department_id=link.service_point.department_id,
            channel=link.channel or link.service_point.channel,
            language=language,
            wants_contact=bool(contact),
            personal_data_masked=any(row.masked_kinds for row in rows),
            **contact,
        )
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        _create_compliment(response, compliment_employee, compliment_name)
        if response.wants_contact:
            transaction.on_commit(lambda: queue_contact_email(response_id=response.pk))
    return response


def _create_compliment(response: Response, employee: Employee | int | None, name: str) -> None:
    if employee is None and not name:
        return
    employee_id = employee.pk if isinstance(employee, Employee) else employee
    if not name and employee_id:
        name = str(Employee.objects.only("first_name", "last_name").get(pk=employee_id))
    Compliment.objects.create(response=response, employee_id=employee_id, named_text=name)


def queue_contact_email(*, response_id: int) -> bool:
    """Hand the email to Celery; while the broker is down, leave it to the periodic resend (surveys-resend-contact-emails)."""
    from surveys.tasks import send_contact_email

    return queue_task(send_contact_email, args=[response_id])
