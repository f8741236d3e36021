"""Reading a resident's posted form: every value is checked on the server against its question.

`read_submission()` never raises on bad input: it returns the cleaned values together with one
message per field in error, and keeps what the resident typed so the form can be shown again.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from serviceculture.untrusted import parse_id
from surveys.models import CHOICE_KINDS, TEXT_KINDS, Question, QuestionKind

HONEYPOT_FIELD = "website"
CONTACT_FIELDS = {"contact_name": 150, "contact_email": 254, "contact_phone": 40}
COMPLIMENT_NAME_LIMIT = 150
FIXED_FIELDS = {
    "csrfmiddlewaretoken",
    HONEYPOT_FIELD,
    "wants_contact",
    "compliment_employee",
    "compliment_name",
    *CONTACT_FIELDS,
}
UNKNOWN_FIELDS_KEY = "__all__"


def field_name(question: Question) -> str:
    return f"q{question.pk}"


@dataclass
class AnswerValue:
    question: Question
    number: int | None = None
    text: str = ""
    choices: list[str] = field(default_factory=list)


@dataclass
class Submission:
    answers: list[AnswerValue] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)
    compliment_employee_id: int | None = None
    compliment_name: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    is_bot: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.errors


def read_submission(*, questions: list[Question], data, staff_ids: set[int]) -> Submission:
    """Check a posted form (a QueryDict) against the survey's questions and the service point's staff."""
    submission = Submission(is_bot=bool(data.get(HONEYPOT_FIELD, "").strip()))
    known = FIXED_FIELDS | {field_name(question) for question in questions}
    if set(data.keys()) - known:
        submission.errors[UNKNOWN_FIELDS_KEY] = _(
            "The form contained fields we do not recognise. Please check your answers and send it again."
        )
    for question in questions:
        _read_answer(question, data.getlist(field_name(question)), submission)
    _read_contact(data, submission)
    _read_compliment(data, staff_ids, submission)
    return submission


def _read_answer(question: Question, raw_values: list[str], submission: Submission) -> None:
    values = [value.strip() for value in raw_values if value.strip()]
    name = field_name(question)
    if not values:
        if question.required:
            submission.errors[name] = _("Please answer this question.")
        return
    if question.kind in CHOICE_KINDS:
        _read_choices(question, values, submission)
    elif question.kind in TEXT_KINDS:
        _read_text(question, raw_values, submission)
    else:
        _read_number(question, values, submission)


def _read_number(question: Question, values: list[str], submission: Submission) -> None:
    try:
        number = int(values[0]) if len(values) == 1 else None
    except ValueError:
        number = None
    scale = question.scale  # every kind that is neither choice nor text has one
    if number is None or scale is None or number not in scale:
        submission.errors[field_name(question)] = _("Please choose one of the options given.")
        return
    submission.answers.append(AnswerValue(question, number=number))


def _read_choices(question: Question, values: list[str], submission: Submission) -> None:
    allowed = set(question.option_values())
    too_many = question.kind == QuestionKind.SINGLE_CHOICE and len(values) > 1
    if too_many or not set(values) <= allowed or len(set(values)) != len(values):
        submission.errors[field_name(question)] = _("Please choose from the options given.")
        return
    submission.answers.append(AnswerValue(question, choices=values))


def _read_text(question: Question, raw_values: list[str], submission: Submission) -> None:
    text = raw_values[0].strip() if len(raw_values) == 1 else ""
    limit = question.max_length
    if len(raw_values) != 1 or "\x00" in text:
        submission.errors[field_name(question)] = _("Please type your answer in the box.")
    elif limit and len(text) > limit:
        submission.errors[field_name(question)] = _(
            "Please shorten your answer to %(limit)s characters (it has %(length)s)."
        ) % {"limit": limit, "length": len(text)}
    else:
        submission.answers.append(AnswerValue(question, text=text))


def _read_contact(data, submission: Submission) -> None:
    """Contact details are kept only when the resident ticked the consent box."""
    if data.get("wants_contact") != "yes":
        return
    for name, limit in CONTACT_FIELDS.items():
        value = data.get(name, "").strip()
        if len(value) > limit or "\x00" in value:
            submission.errors[name] = _("Please shorten this to %(limit)s characters.") % {"limit": limit}
        submission.contact[name] = value
    email = submission.contact.get("contact_email", "")
    if email and "contact_email" not in submission.errors:
        try:
            validate_email(email)
        except ValidationError:
            submission.errors["contact_email"] = _("Please give an email address like name@example.com.")
    if not email and not submission.contact.get("contact_phone"):
        submission.errors["contact_email"] = _("Please give an email address or a phone number so we can reach you.")


def _read_compliment(data, staff_ids: set[int], submission: Submission) -> None:
    picked = data.get("compliment_employee", "").strip()
    typed = data.get("compliment_name", "").strip()
    if picked:
        employee_id = parse_id(picked)
        if employee_id not in staff_ids:
            submission.errors["compliment_employee"] = _("Please choose a name from the list.")
        else:
            submission.compliment_employee_id = employee_id
    if len(typed) > COMPLIMENT_NAME_LIMIT or "\x00" in typed:
        submission.errors["compliment_name"] = _("Please shorten this to %(limit)s characters.") % {
            "limit": COMPLIMENT_NAME_LIMIT
        }
    else:
        submission.compliment_name = typed


# --- Showing the form -------------------------------------------------------------------


def scale_options(question: Question) -> list[tuple[str, str]]:
    """(value, label) pairs of a scale question, in the active language."""
    if question.kind == QuestionKind.AGREEMENT:
        return [
            ("1", _("Strongly disagree")),
            ("2", _("Disagree")),
            ("3", _("Neither agree nor disagree")),
            ("4", _("Agree")),
            ("5", _("Strongly agree")),
        ]
    if question.kind == QuestionKind.THUMBS:
        return [("1", _("Yes")), ("0", _("No"))]
    if question.kind == QuestionKind.STARS:
        return [(str(n), ngettext("%(count)s star", "%(count)s stars", n) % {"count": n}) for n in range(1, 6)]
    if question.kind == QuestionKind.LIKELIHOOD:
        return [
            ("0", _("0 (not at all likely)")),
            *[(str(n), str(n)) for n in range(1, 10)],
            ("10", _("10 (extremely likely)")),
        ]
    return []


def form_fields(*, questions: list[Question], data, errors: dict[str, str], language: str) -> list[dict]:
    """What the template needs for each question, with what the resident chose or typed kept."""
    fields = []
    for question in questions:
        name = field_name(question)
        if question.kind in CHOICE_KINDS:
            options = [(value, question.option_label(value, language)) for value in question.option_values()]
        else:
            options = scale_options(question)
        fields.append(
            {
                "question": question,
                "name": name,
                "options": options,
                "is_text": question.kind in TEXT_KINDS,
                "is_long": question.kind == QuestionKind.LONG_TEXT,
                "multiple": question.kind == QuestionKind.MULTIPLE_CHOICE,
                "inline": question.kind in (QuestionKind.LIKELIHOOD, QuestionKind.THUMBS),
                "selected": data.getlist(name) if data else [],
                "value": data.get(name, "") if data else "",
                "error": errors.get(name, ""),
            }
        )
    return fields
