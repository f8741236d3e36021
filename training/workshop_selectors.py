"""Reads of workshop answers: the facilitator's live list, the wall, the word cloud, and a module's review
with its themes (the words and two-word phrases people used most, per prompt), which also reads what attendees
wrote on their own reflection page after a session (`Reflection`).

Every read is a fixed number of queries however many answers there are; lists are cut at a limit, and the
counts behind the cloud and the themes are taken over all the answers they describe."""

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower

from org.access import employee_of, has_role
from training.models import (
    SESSION_EDITORS,
    Module,
    Reflection,
    Session,
    WorkshopAnswer,
    WorkshopAnswerKind,
    WorkshopAnswerStatus,
)

# The facilitator's screen and the wall show the newest answers up to these; older ones stay in the review.
LIVE_LIMIT = 200
WALL_LIMIT = 60
CLOUD_LIMIT = 30
THEME_LIMIT = 8
REVIEW_ANSWERS_PER_PROMPT = 50
# Words too common to say anything about what people think, in the two languages answers come in.
_STOP_WORDS_TEXT = """a an and are as at be been but by can do does for from had has have he her his i if in into is it its
just me more most my no not of on or our out so some than that the their them then there these they this
to too up us was we were what when which who will with would you your about also very really being get
every all one any less much many only like make made
el la los las un una unos unas y o de del que en por para con sin es son ser se su sus mi mis lo le les al
como más pero muy ya yo tu nos nosotros este esta estos estas ese esa hay fue era todo todos cada"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def live_answers(session: Session) -> list[WorkshopAnswer]:
    """The session's answers for the facilitator, newest first, every status."""
    return list(session.workshop_answers.select_related("employee")[:LIVE_LIMIT])


def answer_counts(session: Session) -> dict[str, int]:
    """How many answers the session has (`total`), and how many the facilitator has not published or hidden yet."""
    return session.workshop_answers.aggregate(
        total=Count("pk"), waiting=Count("pk", filter=Q(status=WorkshopAnswerStatus.NEW))
    )


def wall_answers(session: Session) -> list[WorkshopAnswer]:
    """The written answers the facilitator published, newest first, without names."""
    published = session.workshop_answers.filter(status=WorkshopAnswerStatus.PUBLISHED, kind=WorkshopAnswerKind.TEXT)
    return list(published.only("session_id", "prompt", "text")[:WALL_LIMIT])


def word_cloud(answers: QuerySet[WorkshopAnswer]) -> dict[str, list[tuple[str, int, int]]]:
    """The good and the bad words among `answers` (case ignored), most given first, each with its count and a
    size from 1 to 5 (`_size`)."""
    words = answers.filter(kind=WorkshopAnswerKind.WORDS)
    cloud = {}
    for side in ("good", "bad"):
        column = f"{side}_word"
        counted = list(
            words.exclude(**{column: ""})
            .annotate(word=Lower(column))
            .values("word")
            .annotate(count=Count("pk"))
            .order_by("-count", "word")
            .values_list("word", "count")[:CLOUD_LIMIT]
        )
        top = counted[0][1] if counted else 1
        cloud[side] = [(word, count, _size(count, top)) for word, count in counted]
    return cloud


def _size(count: int, top: int) -> int:
    """2 to 5 by how often a word was given against the most given one on its side; 3 when all were given once,
    so a first round of single words reads from the back of the room."""
    if top == 1:
        return 3
    return 2 + round(3 * (count - 1) / (top - 1))


def published_cloud(session: Session) -> dict[str, list[tuple[str, int, int]]]:
    return word_cloud(session.workshop_answers.filter(status=WorkshopAnswerStatus.PUBLISHED))


def _reviewable(rows: QuerySet, user: User) -> QuerySet:
    """Program admins and coordinators review every row of a module; a trainer those of the sessions they
    facilitated."""
    if has_role(user, *SESSION_EDITORS):
        return rows
    return rows.filter(session__facilitator=employee_of(user), session__isnull=False)


def reviewable_answers(user: User, module: Module) -> QuerySet[WorkshopAnswer]:
    """A module's workshop and self-paced answers a program leader may review. Hidden answers stay out (the
    facilitator judged them unfit to show)."""
    answers = WorkshopAnswer.objects.filter(module_version__module=module).exclude(status=WorkshopAnswerStatus.HIDDEN)
    return _reviewable(answers, user)


def reviewable_reflections(user: User, module: Module) -> QuerySet[Reflection]:
    """The wrap-up answers and reflections attendees wrote on their own page after a session of the module, and
    the wrap-up answers of those who completed it alone."""
    return _reviewable(Reflection.objects.filter(module_version__module=module), user)


def reviewable_sessions(answers: QuerySet[WorkshopAnswer], reflections: QuerySet[Reflection]) -> QuerySet[Session]:
    """The sessions behind the answers and reflections, for the filter: newest first."""
    behind = Q(pk__in=answers.filter(session__isnull=False).values("session_id")) | Q(
        pk__in=reflections.values("session_id")
    )
    return Session.objects.filter(behind).select_related("module_version").order_by("-starts_at")


def _reflection_texts(reflections: QuerySet[Reflection]) -> Iterator[tuple[str, str]]:
    """(prompt, text) of each written answer in the reflections: the wrap-up answers and the session's prompt."""
    rows = reflections.values_list("wrap_up_answers", "reflection", "session__reflection_prompt")
    for wrap_up, reflection, prompt in rows:
        for row in wrap_up:
            if isinstance(row, dict) and str(row.get("answer", "")).strip():
                yield str(row.get("question", "")), str(row["answer"])
        if reflection.strip() and prompt:
            yield prompt, reflection


@dataclass
class PromptReview:
    prompt: str
    kind: str
    count: int = 0
    themes: list[tuple[str, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    cloud: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)


def themes_of(texts: list[str]) -> list[tuple[str, int]]:
    """The words and two-word phrases used in more than one answer, most used first (each answer counts a word or
    phrase once, so one long answer cannot make a theme)."""
    counts: Counter[str] = Counter()
    for text in texts:
        words = [word for word in WORD.findall(text.lower()) if word not in STOP_WORDS and len(word) > 2]
        counts.update(set(words) | {f"{first} {second}" for first, second in itertools.pairwise(words)})
    return [(term, count) for term, count in counts.most_common() if count > 1][:THEME_LIMIT]


def module_review(answers: QuerySet[WorkshopAnswer], reflections: QuerySet[Reflection]) -> list[PromptReview]:
    """The answers and reflections grouped by prompt, newest first within each, with the themes of written answers
    or the word cloud of a word exercise. The queries grow with the number of word exercises, not of answers."""
    written = answers.filter(kind=WorkshopAnswerKind.TEXT).values_list("prompt", "text")
    reviews: dict[str, PromptReview] = {}
    for prompt, text in itertools.chain(written, _reflection_texts(reflections.order_by("-created_at"))):
        review = reviews.setdefault(prompt, PromptReview(prompt=prompt, kind=WorkshopAnswerKind.TEXT))
        review.count += 1
        review.texts.append(text)
    for review in reviews.values():
        review.themes = themes_of(review.texts)
        review.texts = review.texts[:REVIEW_ANSWERS_PER_PROMPT]
    words = answers.filter(kind=WorkshopAnswerKind.WORDS)
    for prompt, count in words.values("prompt").annotate(count=Count("pk")).values_list("prompt", "count"):
        reviews[prompt] = PromptReview(
            prompt=prompt, kind=WorkshopAnswerKind.WORDS, count=count, cloud=word_cloud(words.filter(prompt=prompt))
        )
    return list(reviews.values())
