"""Building surveys: the A-11 templates and their texts, the builder's surveys and questions, new versions.

Every change names who made it (`by=`); a change to a question is recorded on its survey. Once a survey has
responses its questions keep their kind and options (SURVEY_LOCKED); an A-11 survey has at most
A11_MAX_QUESTIONS questions (TOO_MANY_QUESTIONS).
"""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.models import A11Driver
from surveys.models import A11_MAX_QUESTIONS, Question, QuestionKind, Survey, SurveyStandard, SurveyStatus

# The codes of the builder's refusals (ValidationError.code).
SURVEY_LOCKED = "survey_locked"  # it has responses: removing questions or changing their kind would corrupt them
TOO_MANY_QUESTIONS = "too_many_questions"

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
