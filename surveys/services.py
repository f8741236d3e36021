"""The operations of the surveys app: build surveys, issue links, take a resident's submission.

Triage (what staff do with a response afterwards) is in surveys/triage.py.

Rules of the house here:
- Every write a person makes names them with `by=` and records it: a survey keeps who made it and who last
  changed it or its questions (`created_by`, `updated_by`), a link who made it. The A-11 builders and
  `create_links` also take `by=None`, for a script that acts for no one (seed_demo, a benchmark).
- A refusal is a ValidationError with a message a person can read. Its `code` tells apart the cases a view
  answers differently: the resident's page is a 409 for LINK_ALREADY_USED and a 410 for SURVEY_NOT_ACCEPTING.
- A resident is anonymous: `submit_response` and `record_link_view` record no one.
"""

import secrets
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import A11Driver, Employee, ServicePoint
from serviceculture.outages import queue_task
from surveys.models import (
    A11_MAX_QUESTIONS,
    Answer,
    Compliment,
    LinkKind,
    LinkViewDay,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyLink,
    SurveyStandard,
    SurveyStatus,
)
from surveys.submission import AnswerValue

MAX_LINKS_PER_BATCH = 5000

# The codes of the refusals a view tells apart (ValidationError.code).
SURVEY_NOT_ACCEPTING = "survey_not_accepting"  # closed, not yet open or past its closing date
LINK_ALREADY_USED = "link_already_used"  # a single-use link was already submitted
SURVEY_LOCKED = "survey_locked"  # it has responses: removing questions or changing their kind would corrupt them
TOO_MANY_QUESTIONS = "too_many_questions"


# --- Building surveys -------------------------------------------------------------------

# driver, English statement, Spanish statement (the A-11 post-transaction questions, in our words)
A11_STATEMENTS = [
    (
        A11Driver.SATISFACTION,
        "I am satisfied with the service I received.",
        "Estoy satisfecho con el servicio que recibí.",
    ),
    (
        A11Driver.TRUST,
        "This interaction increased my confidence in the county.",
        "Esta experiencia aumentó mi confianza en el condado.",
    ),
    (A11Driver.EFFECTIVENESS, "My need was addressed.", "Se atendió lo que necesitaba."),
    (A11Driver.EASE, "It was easy to do what I needed to do.", "Fue fácil hacer lo que necesitaba."),
    (A11Driver.EFFICIENCY, "It took a reasonable amount of time.", "Tomó una cantidad de tiempo razonable."),
    (A11Driver.EQUITY, "I was treated fairly.", "Me trataron de manera justa."),
    (
        A11Driver.EMPLOYEE,
        "The employees I dealt with were helpful.",
        "Los empleados que me atendieron fueron serviciales.",
    ),
]
AGREEMENT_HELP = ("From 1 (strongly disagree) to 5 (strongly agree).", "De 1 (muy en desacuerdo) a 5 (muy de acuerdo).")
COMMENT_QUESTION = (
    "Is there anything else you would like to tell us about your visit?",
    "¿Hay algo más que quiera contarnos sobre su visita?",
)
# The short form's checklist items: value, English, Spanish.
CHECKLIST_OPTIONS = [
    ("effectiveness", "I got what I needed", "Obtuve lo que necesitaba"),
    ("ease", "It was easy", "Fue fácil"),
    ("efficiency", "It was quick", "Fue rápido"),
    ("transparency", "I understood the process and the decision", "Entendí el proceso y la decisión"),
    ("humanity", "I was treated with respect", "Me trataron con respeto"),
    ("employee", "The staff were helpful", "El personal fue servicial"),
    ("other", "Something else", "Otra cosa"),
]
SURVEY_TEXTS = {
    "introduction": (
        "Please tell us how we served you today. It takes about two minutes and you do not need to give your name.",
        "Cuéntenos cómo le atendimos hoy. Le tomará unos dos minutos y no necesita dar su nombre.",
    ),
    "privacy_notice": (
        (
            "Your answers are anonymous unless you choose to leave contact details. We use them only to improve "
            "our services and we never store your internet address."
        ),
        (
            "Sus respuestas son anónimas salvo que decida dejar sus datos de contacto. Solo las usamos para "
            "mejorar nuestros servicios y nunca guardamos su dirección de internet."
        ),
    ),
    "thank_you": (
        "We have received your answers. They help us serve everyone better.",
        "Hemos recibido sus respuestas. Nos ayudan a atender mejor a todos.",
    ),
}


def _bilingual(name: str, english: str, spanish: str) -> dict[str, str]:
    return {f"{name}_en": english, f"{name}_es": spanish}


def _new_survey(*, title_en: str, title_es: str, standard: str, by: User | None) -> Survey:
    fields = _bilingual("title", title_en, title_es)
    for name, (english, spanish) in SURVEY_TEXTS.items():
        fields.update(_bilingual(name, english, spanish))
    return Survey.objects.create(standard=standard, status=SurveyStatus.DRAFT, created_by=by, updated_by=by, **fields)


def _add_comment_question(survey: Survey, order: int) -> Question:
    return Question.objects.create(
        survey=survey,
        kind=QuestionKind.LONG_TEXT,
        order=order,
        char_limit=1000,
        **_bilingual("text", *COMMENT_QUESTION),
    )


@transaction.atomic
def create_a11_survey(
    *, by: User | None, title_en: str = "How did we do?", title_es: str = "¿Cómo le atendimos?"
) -> Survey:
    """A draft with the seven A-11 driver statements on the five-point scale and a free-text question."""
    survey = _new_survey(title_en=title_en, title_es=title_es, standard=SurveyStandard.A11, by=by)
    Question.objects.bulk_create(
        Question(
            survey=survey,
            kind=QuestionKind.AGREEMENT,
            driver=driver,
            order=order,
            required=(order == 1),
            **_bilingual("text", english, spanish),
            **_bilingual("help_text", *AGREEMENT_HELP),
        )
        for order, (driver, english, spanish) in enumerate(A11_STATEMENTS, start=1)
    )
    _add_comment_question(survey, len(A11_STATEMENTS) + 1)
    return survey


@transaction.atomic
def create_a11_short_survey(
    *, by: User | None, title_en: str = "Quick feedback", title_es: str = "Opinión rápida"
) -> Survey:
    """The short form: one trust question (thumbs) and the "went well" / "did not" checklists."""
    survey = _new_survey(title_en=title_en, title_es=title_es, standard=SurveyStandard.A11_SHORT, by=by)
    options = [{"value": value, "en": english, "es": spanish} for value, english, spanish in CHECKLIST_OPTIONS]
    Question.objects.bulk_create(
        [
            Question(
                survey=survey,
                kind=QuestionKind.THUMBS,
                driver=A11Driver.TRUST,
                order=1,
                required=True,
                **_bilingual(
                    "text", "I trust the county to serve me well.", "Confío en que el condado me atenderá bien."
                ),
            ),
            Question(
                survey=survey,
                kind=QuestionKind.MULTIPLE_CHOICE,
                order=2,
                options=options,
                **_bilingual("text", "What went well?", "¿Qué salió bien?"),
            ),
            Question(
                survey=survey,
                kind=QuestionKind.MULTIPLE_CHOICE,
                order=3,
                options=options,
                **_bilingual("text", "What did not go well?", "¿Qué no salió bien?"),
            ),
        ]
    )
    _add_comment_question(survey, 4)
    return survey


def _assign(instance: Survey | Question, fields: dict[str, Any]) -> None:
    """Set the given fields and check the row's own rules (Survey.clean, lengths, choices) before it is saved."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()


@transaction.atomic
def create_survey(*, fields: dict[str, Any], by: User) -> Survey:
    """A survey from the builder's form (texts in both languages, audience, status, dates); questions come next."""
    survey = Survey(created_by=by, updated_by=by)
    _assign(survey, fields)
    survey.save()
    return survey


@transaction.atomic
def update_survey(*, survey: Survey, fields: dict[str, Any], by: User) -> Survey:
    """Change a survey's texts, status or dates (only the fields given)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _assign(survey, fields)
    survey.updated_by = by
    survey.save()
    return survey


def _changed_by(survey_id: int, by: User) -> None:
    """A change to a question is a change to its survey: it is the survey residents read."""
    Survey.objects.filter(pk=survey_id).update(updated_by=by, updated_at=timezone.now())


def survey_has_responses(survey: Survey) -> bool:
    return survey.responses.exists()


def check_question_count(survey: Survey, adding: int = 1) -> None:
    """A-11 surveys are limited to 15 questions."""
    if survey.standard and survey.questions.count() + adding > A11_MAX_QUESTIONS:
        raise ValidationError(
            _("An A-11 survey has at most %(limit)s questions.") % {"limit": A11_MAX_QUESTIONS}, code=TOO_MANY_QUESTIONS
        )


@transaction.atomic
def add_question(*, survey: Survey, fields: dict[str, Any], by: User) -> Question:
    """A question at the end of the survey. The survey row is locked so two people adding at once neither take
    the same place nor pass the A-11 limit together."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    check_question_count(survey)
    question = Question(survey=survey, order=(survey.questions.aggregate(last=Max("order"))["last"] or 0) + 1)
    _assign(question, fields)
    question.save()
    _changed_by(survey.pk, by)
    return question


def _check_answers_still_fit(stored: Question, fields: dict[str, Any]) -> None:
    """Once a survey has responses its questions keep their kind and the option values already offered
    (answers store those values); texts and labels may still change."""
    if fields.get("kind", stored.kind) != stored.kind:
        raise ValidationError(
            _(
                "This survey has responses, so the kind of its questions cannot change. Copy it into "
                "a new version instead."
            ),
            code=SURVEY_LOCKED,
        )
    offered = {option["value"] for option in fields.get("options", stored.options)}
    dropped = [value for value in stored.option_values() if value not in offered]
    if dropped:
        raise ValidationError(
            _(
                "This survey has responses, so these options must stay (you may relabel them): "
                "%(values)s. Copy it into a new version instead."
            )
            % {"values": ", ".join(dropped)},
            code=SURVEY_LOCKED,
        )


@transaction.atomic
def update_question(*, question: Question, fields: dict[str, Any], by: User) -> Question:
    """Change a question (only the fields given), within what its survey's responses allow."""
    stored = Question.objects.select_for_update().select_related("survey").get(pk=question.pk)
    if survey_has_responses(stored.survey):
        _check_answers_still_fit(stored, fields)
    _assign(stored, fields)
    stored.save()
    _changed_by(stored.survey_id, by)
    return stored


@transaction.atomic
def remove_question(*, question: Question, by: User) -> None:
    if survey_has_responses(question.survey):
        raise ValidationError(
            _("This survey has responses, so its questions cannot be removed. Copy it into a new version instead."),
            code=SURVEY_LOCKED,
        )
    question.delete()
    _changed_by(question.survey_id, by)


@transaction.atomic
def move_question(*, question: Question, up: bool, by: User) -> None:
    """Swap a question with its neighbour above or below, then number them 1..n again."""
    questions = list(question.survey.questions.order_by("order", "pk"))
    index = questions.index(question)
    other = index - 1 if up else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for order, item in enumerate(questions, start=1):
        item.order = order
    Question.objects.bulk_update(questions, ["order"])
    _changed_by(question.survey_id, by)


@transaction.atomic
def copy_survey(*, survey: Survey, by: User) -> Survey:
    """A new draft version with the same texts and questions; the old one keeps its data untouched."""
    questions = list(survey.questions.all())
    copy = Survey.objects.get(pk=survey.pk)
    copy.pk = None
    copy.previous_version = survey
    copy.version = survey.version + 1
    copy.status = SurveyStatus.DRAFT
    copy.created_by = copy.updated_by = by
    copy.save()
    for question in questions:
        question.pk = None
        question.survey = copy
    Question.objects.bulk_create(questions)
    return copy


# --- Links ------------------------------------------------------------------------------


def new_token() -> str:
    """192 random bits, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


@transaction.atomic
def create_links(
    *,
    survey: Survey,
    service_point: ServicePoint,
    by: User | None,
    kind: str = LinkKind.OPEN,
    count: int = 1,
    label: str = "",
) -> list[SurveyLink]:
    if not 1 <= count <= MAX_LINKS_PER_BATCH:
        limit = {"limit": MAX_LINKS_PER_BATCH}
        raise ValidationError({"count": _("Make between 1 and %(limit)s links at a time.") % limit})
    links = [
        SurveyLink(token=new_token(), survey=survey, service_point=service_point, kind=kind, label=label, created_by=by)
        for _index in range(count)
    ]
    return SurveyLink.objects.bulk_create(links)


def record_link_view(*, link: SurveyLink) -> None:
    """Count one showing of the form on today's local date: an UPDATE, or an INSERT for the first view."""
    day = timezone.localdate()
    if LinkViewDay.objects.filter(link=link, day=day).update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            LinkViewDay.objects.create(link=link, day=day, views=1)
    except IntegrityError:  # another request created today's row first
        LinkViewDay.objects.filter(link=link, day=day).update(views=F("views") + 1)


# --- Submitting -------------------------------------------------------------------------

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


def _answer_row(response: Response, value: AnswerValue) -> Answer:
    satisfied, score = satisfaction_of(value.question.kind, value.number)
    return Answer(
        response=response,
        question=value.question,
        driver=value.question.driver,
        number=value.number,
        text=value.text,
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
        contact = {name: value for name, value in (contact or {}).items() if value}
        response = Response.objects.create(
            survey=link.survey,
            link=link,
            service_point=link.service_point,
            department_id=link.service_point.department_id,
            channel=link.service_point.channel,
            language=language,
            wants_contact=bool(contact),
            **contact,
        )
        Answer.objects.bulk_create([_answer_row(response, value) for value in answers])
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


# --- The follow-up email ----------------------------------------------------------------


def queue_contact_email(*, response_id: int) -> bool:
    """Hand the email to Celery; while the broker is down, leave it to the periodic resend (surveys-resend-contact-emails)."""
    from surveys.tasks import send_contact_email

    return queue_task(send_contact_email, args=[response_id])
