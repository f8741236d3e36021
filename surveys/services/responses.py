"""A resident's submission: the checks on the link, storing the answers, and the follow-up email it may ask for;
and masking the comments stored before submission masked them.

A resident is anonymous: nothing here records who submitted. A refusal's code tells the resident's page which
answer to give: 409 for LINK_ALREADY_USED, 410 for SURVEY_NOT_ACCEPTING and PAPERWORK_EXPIRED.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import Employee
from serviceculture.outages import queue_task
from surveys.masking import KINDS, mask_personal_data
from surveys.models import Answer, Compliment, LinkKind, QuestionKind, Response, SurveyLink, is_low_answer
from surveys.services.invitations import forget_address_of_answered
from surveys.services.widget import page_path
from surveys.submission import AnswerValue
from surveys.themes import tag_new_response

# The codes of the refusals the resident's page tells apart (ValidationError.code).
SURVEY_NOT_ACCEPTING = "survey_not_accepting"  # closed, not yet open or past its closing date
LINK_ALREADY_USED = "link_already_used"  # a single-use link was already submitted
PAPERWORK_EXPIRED = "paperwork_expired"  # the survey's OMB approval (Paperwork Reduction Act) has expired

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
    No query: `link` comes with its survey. An expired OMB approval is told apart from other closings: the
    resident is told why, since the law, not the department, stops the collection."""
    if link.survey.paperwork_expired():
        raise ValidationError(_("This survey's OMB approval has expired"), code=PAPERWORK_EXPIRED)
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
    page: str = "",
) -> Response:
    """Store a resident's answers in a fixed number of statements, whatever the number of questions.

    `page` is the address of the web page whose feedback button led here; only its path is kept.

    `link` must come with its survey and service point loaded. The comments are tagged with the themes they
    match (surveys/themes.py). Nothing here talks to the Celery broker: the task that emails the department
    (and the resident, when they gave an email address) and the one that raises alerts (surveys/alerts.py), for
    a response that can raise any, are queued after commit, and a broker outage only delays them.
    """
    check_link_takes_answers(link)
    with transaction.atomic():
        if link.kind == LinkKind.SINGLE_USE:
            _claim_single_use(link)
            forget_address_of_answered(link=link)  # an invitation's address kept for a reminder
        contact = {name: value for name, value in (contact or {}).items() if value}
        rows = [_answer_row(value) for value in answers]
        may_alert = _may_raise_alerts(contact, rows)
        response = Response.objects.create(
            survey=link.survey,
            link=link,
            service_point=link.service_point,
            department_id=link.service_point.department_id,
            channel=link.channel or link.service_point.channel,
            language=language,
            page_path=page_path(page),
            wants_contact=bool(contact),
            personal_data_masked=any(row.masked_kinds for row in rows),
            alerts_raised_at=None if may_alert else timezone.now(),
            **contact,
        )
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        tag_new_response(response=response, texts=[row.text for row in rows])
        _create_compliment(response, compliment_employee, compliment_name)
        if response.wants_contact:
            transaction.on_commit(lambda: queue_contact_email(response_id=response.pk))
        if may_alert:
            transaction.on_commit(lambda: queue_response_alerts(response_id=response.pk))
    return response


def _may_raise_alerts(contact: dict[str, str], rows: list[Answer]) -> bool:
    """Whether a response can raise an alert (surveys/alerts.py): it asks to be contacted, is low, or has a
    comment a watched word may match. Any other response is stored with its alerts raised (there are none),
    and no task is queued for it: most responses are of that kind."""
    return bool(contact) or any(
        row.text or is_low_answer(driver=row.driver, score=row.score, satisfied=row.satisfied) for row in rows
    )


def _create_compliment(response: Response, employee: Employee | int | None, name: str) -> None:
    if employee is None and not name:
        return
    employee_id = employee.pk if isinstance(employee, Employee) else employee
    name = mask_personal_data(name).text  # free text like a comment: "Rosa, 555-123-4567" keeps only "Rosa"
    if not name and employee_id:
        name = str(Employee.objects.only("first_name", "last_name").get(pk=employee_id))
    Compliment.objects.create(response=response, employee_id=employee_id, named_text=name)


def queue_response_alerts(*, response_id: int) -> bool:
    """Hand the response's alerts (surveys/alerts.py) to Celery; while the broker is down they are not raised."""
    from surveys.tasks import send_response_alerts

    return queue_task(send_response_alerts, args=[response_id])


def queue_contact_email(*, response_id: int) -> bool:
    """Hand the email to Celery; while the broker is down, leave it to the periodic resend (surveys-resend-contact-emails)."""
    from surveys.tasks import send_contact_email

    return queue_task(send_contact_email, args=[response_id])


# --- Comments stored before masking existed ---------------------------------------------------------------


@dataclass(frozen=True)
class MaskingBatch:
    """What one batch of `mask_stored_comments` did: counts only, never text."""

    last_pk: int | None  # the last answer looked at; None when there was nothing left
    answers_read: int
    answers_masked: int
    responses_marked: int


def mask_stored_comments(*, after_pk: int = 0, batch_size: int = 500, dry_run: bool = False) -> MaskingBatch:
    """Mask, in one transaction, the next `batch_size` text answers after answer `after_pk` (in pk order) as
    submission does (surveys/masking.py), add what was found to their `masked_kinds` and mark their
    responses `personal_data_masked`. Masked text is left as it is (masking it again changes nothing), so
    running it twice, or after a run that stopped half way, only finishes the work. `updated_at` is left
    alone: no figure of any report changes."""
    with transaction.atomic():
        answers = list(
            Answer.objects.select_for_update()
            .filter(pk__gt=after_pk)
            .exclude(text="")
            .order_by("pk")
            .only("pk", "response_id", "text", "masked_kinds")[:batch_size]
        )
        changed = []
        for answer in answers:
            masked = mask_personal_data(answer.text)
            if masked.changed:
                answer.text = masked.text
                answer.masked_kinds = [kind for kind in KINDS if kind in {*answer.masked_kinds, *masked.kinds}]
                changed.append(answer)
        unmarked = Response.objects.filter(
            pk__in={answer.response_id for answer in changed}, personal_data_masked=False
        )
        if dry_run:
            marked = unmarked.count()
        else:
            Answer.objects.bulk_update(changed, ["text", "masked_kinds"])
            marked = unmarked.update(personal_data_masked=True)
    return MaskingBatch(
        last_pk=answers[-1].pk if answers else None,
        answers_read=len(answers),
        answers_masked=len(changed),
        responses_marked=marked,
    )
