"""Workshop mode: a session's facilitator opens it, participants answer its prompts from their phones, the
facilitator publishes answers to the wall or hides them; self-paced learners answer the same prompts.

Rules:
- A session's prompts are its module version's wrap-up questions, then the session's own reflection prompt, then
  the version's word exercise (a good word and a bad word). `prompts_for` lists them; answers store the prompt's
  text, so a review groups them by what was asked even after the module changes.
- Participants join with the session's short code (serviceculture/short_codes.py), drawn the first time the
  workshop opens and kept for good, and only while the workshop is open: a closed one refuses answers with the
  code "closed".
- Answers are anonymous unless the participant is signed in as an employee (then they carry that employee).
- `read_answers` parses what was typed and never raises; nothing is stored unless every answer is acceptable.
- Only people who completed a module (alone or in a session) answer its prompts from their module page.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Employee
from serviceculture import short_codes
from training.models import (
    ModuleCompletion,
    ModuleVersion,
    Session,
    WorkshopAnswer,
    WorkshopAnswerKind,
    WorkshopAnswerStatus,
)

CODE_ATTEMPTS = 20
TEXT_MAX = WorkshopAnswer._meta.get_field("text").max_length or 1000
WORD_MAX = WorkshopAnswer._meta.get_field("good_word").max_length or 40
WORDS_KEY = "words"


@dataclass(frozen=True)
class Prompt:
    """One question of a workshop; `key` names its form fields (`<key>`, or `<key>-good` and `<key>-bad`)."""

    key: str
    kind: str
    text: str


@dataclass
class ReadAnswers:
    """What a participant typed: the answers to store, or a message per field that was not acceptable."""

    answers: list[tuple[Prompt, dict[str, str]]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.answers)


def prompts_for(version: ModuleVersion, session: Session | None = None) -> list[Prompt]:
    prompts = [
        Prompt(key=f"q{index}", kind=WorkshopAnswerKind.TEXT, text=question)
        for index, question in enumerate(version.wrap_up_questions)
    ]
    if session is not None and session.reflection_prompt:
        prompts.append(Prompt(key="reflection", kind=WorkshopAnswerKind.TEXT, text=session.reflection_prompt))
    if version.word_prompt:
        prompts.append(Prompt(key=WORDS_KEY, kind=WorkshopAnswerKind.WORDS, text=version.word_prompt))
    return prompts


def _tidy(value: str) -> str:
    return " ".join(value.split())


def read_answers(prompts: list[Prompt], data: Mapping[str, str]) -> ReadAnswers:
    """The answers in a posted form. Empty prompts are skipped; at least one answer is needed."""
    read = ReadAnswers()
    for prompt in prompts:
        if prompt.kind == WorkshopAnswerKind.TEXT:
            text = str(data.get(prompt.key, "")).strip()
            if len(text) > TEXT_MAX:
                read.errors[prompt.key] = _("Please keep this answer under %(limit)s characters.") % {"limit": TEXT_MAX}
            elif text:
                read.answers.append((prompt, {"text": text}))
            continue
        words = {side: _tidy(str(data.get(f"{prompt.key}-{side}", ""))) for side in ("good", "bad")}
        for side, word in words.items():
            if len(word) > WORD_MAX:
                read.errors[f"{prompt.key}-{side}"] = _(
                    "Please give one word or a short phrase (%(limit)s characters at most)."
                ) % {"limit": WORD_MAX}
        if any(words.values()):
            read.answers.append((prompt, {"good_word": words["good"], "bad_word": words["bad"]}))
    if not read.errors and not read.answers:
        read.errors["__all__"] = _("Please write at least one answer before sending.")
    return read


def _free_code() -> str:
    for _attempt in range(CODE_ATTEMPTS):
        code = short_codes.draw()
        if not Session.objects.filter(workshop_code=code).exists():
            return code
    raise ValidationError(_("No free join code could be found. Please try again."), code="no_code")


@transaction.atomic
def set_workshop_open(*, session: Session, open: bool, by: User) -> Session:
    """Open a session's workshop (drawing its join code the first time) or close it to new answers."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    session.workshop_open = open
    session.workshop_set_by = by
    if open and not session.workshop_code:
        session.workshop_code = _free_code()
    try:
        with transaction.atomic():
            session.save(update_fields=["workshop_open", "workshop_code", "workshop_set_by", "updated_at"])
    except IntegrityError:  # another session took the same code between the check and the write
        session.workshop_code = _free_code()
        session.save(update_fields=["workshop_open", "workshop_code", "workshop_set_by", "updated_at"])
    return session


def find_workshop(typed: str) -> Session | None:
    """The session a typed join code names, whatever its case; None for a code never drawn or any other text."""
    code = short_codes.normalise(typed)
    if not short_codes.is_well_formed(code):
        return None
    return Session.objects.select_related("module_version").filter(workshop_code=code).first()


def _store(*, version: ModuleVersion, session: Session | None, employee: Employee | None, read: ReadAnswers) -> int:
    if not read.is_valid:
        raise ValidationError(list(read.errors.values()), code="invalid")
    rows = [
        WorkshopAnswer(
            session=session, module_version=version, employee=employee, kind=prompt.kind, prompt=prompt.text, **values
        )
        for prompt, values in read.answers
    ]
    return len(WorkshopAnswer.objects.bulk_create(rows))


@transaction.atomic
def submit_workshop_answers(*, session: Session, employee: Employee | None, read: ReadAnswers) -> int:
    """A participant's answers in a workshop, anonymous when `employee` is None. Returns how many were stored."""
    session = Session.objects.select_related("module_version").get(pk=session.pk)
    if not session.workshop_open:
        raise ValidationError(
            _("This workshop is not taking answers now. Please ask the facilitator to open it."), code="closed"
        )
    return _store(version=session.module_version, session=session, employee=employee, read=read)


@transaction.atomic
def submit_self_paced_answers(*, version: ModuleVersion, employee: Employee, read: ReadAnswers) -> int:
    """A learner who completed the module answers its prompts from their module page."""
    if not ModuleCompletion.objects.filter(employee=employee, module_version__module_id=version.module_id).exists():
        raise ValidationError(_("Complete the module first, then share your reflections."), code="not_completed")
    return _store(version=version, session=None, employee=employee, read=read)


@transaction.atomic
def moderate_answer(*, answer: WorkshopAnswer, status: str, by: User) -> None:
    """The facilitator publishes an answer to the wall, hides it, or puts it back among the new ones."""
    if status not in WorkshopAnswerStatus.values:
        raise ValidationError(_("Choose whether to publish or hide the answer."), code="unknown_status")
    WorkshopAnswer.objects.filter(pk=answer.pk).update(status=status, moderated_by=by, updated_at=timezone.now())
