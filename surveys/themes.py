"""Comment themes: the list program admins keep, tagging comments with it, and counting the tags.

The rules:

- A theme has a name in English and Spanish and words and phrases in both languages; a comment in either
  language is matched against all of them (surveys/matching.py: case and accents do not matter, whole words
  and phrases only).
- A response is tagged when it is stored (`tag_new_response`, inside `submit_response`'s transaction) with the
  themes its comments match, and the words that matched are stored with the tag: the inbox shows them, so
  a tag can always be explained.
- Every change to the list (`save_theme`, `delete_theme`) adds one to `ThemeList.version`. The nightly job
  (`retag_if_changed`) re-tags every comment only when the stored tags follow an older version, in batches
  of responses, each batch one transaction; a run cut short is simply done again the next night.
- Counts come from the stored tags in one query (`theme_counts`), whatever the number of themes.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from org.models import Department
from serviceculture.dates import local_day_bounds
from surveys.audiences import answered_by_residents
from surveys.matching import matching_terms
from surveys.models import Answer, Response, ResponseTheme, Theme, ThemeList

RETAG_BATCH = 500


def theme_list() -> ThemeList:
    return ThemeList.objects.get_or_create(pk=1)[0]


def _list_changed() -> None:
    theme_list()
    ThemeList.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now())


@transaction.atomic
def save_theme(*, theme: Theme | None, by: User, **fields: str) -> Theme:
    """Add a theme (`theme` None) or change one: its names and words (`name_en`, `name_es`, `words_en`,
    `words_es`)."""
    theme = theme or Theme()
    for name, value in fields.items():
        setattr(theme, name, value)
    theme.updated_by = by
    theme.full_clean()
    theme.save()
    _list_changed()
    return theme


@transaction.atomic
def delete_theme(*, theme: Theme, by: User) -> None:
    """Remove a theme and its tags (`by` is asked for like every write; the list keeps no history)."""
    theme.delete()
    _list_changed()


def _tags(response_id: int, texts: list[str], themes: list[Theme]) -> list[ResponseTheme]:
    tags = []
    for theme in themes:
        words = matching_terms(texts, theme.terms())
        if words:
            tags.append(ResponseTheme(response_id=response_id, theme=theme, words=words))
    return tags


def tag_new_response(*, response: Response, texts: list[str]) -> None:
    """Tag a response being stored with the themes its comments match (two statements at most)."""
    texts = [text for text in texts if text]
    if not texts:
        return
    ResponseTheme.objects.bulk_create(_tags(response.pk, texts, list(Theme.objects.all())))


def retag_if_changed() -> int:
    """Re-tag every comment if the theme list changed since the tags were made; returns how many responses were
    read (0 when nothing changed)."""
    version = theme_list().version
    if version == theme_list().tagged_version:
        return 0
    themes = list(Theme.objects.all())
    read, after = 0, 0
    while True:
        with transaction.atomic():
            ids = list(
                Response.objects.filter(pk__gt=after, answers__text__gt="")
                .distinct()
                .order_by("pk")
                .values_list("pk", flat=True)[:RETAG_BATCH]
            )
            if not ids:
                break
            _retag_batch(ids, themes)
        read, after = read + len(ids), ids[-1]
    ThemeList.objects.filter(pk=1).update(tagged_version=version, tagged_at=timezone.now())
    return read


def _retag_batch(response_ids: list[int], themes: list[Theme]) -> None:
    texts: dict[int, list[str]] = {pk: [] for pk in response_ids}
    for response_id, text in (
        Answer.objects.filter(response_id__in=response_ids).exclude(text="").values_list("response_id", "text")
    ):
        texts[response_id].append(text)
    ResponseTheme.objects.filter(response_id__in=response_ids).delete()
    ResponseTheme.objects.bulk_create(tag for pk, found in texts.items() for tag in _tags(pk, found, themes))


@dataclass(frozen=True)
class ThemeCount:
    theme: Theme
    responses: int


def theme_counts(*, department: Department, start: date, end: date) -> list[ThemeCount]:
    """How many reportable residents' responses of the department's subtree, submitted over the local days
    from `start` to `end`, carry each theme (themes without one left out), most frequent first. One query."""
    since, until = local_day_bounds(start, end)
    counted = Q(
        responses__response__department__path__startswith=department.path,
        responses__response__submitted_at__gte=since,
        responses__response__submitted_at__lt=until,
        responses__response__is_spam=False,
        responses__response__deleted_at__isnull=True,
    ) & answered_by_residents("responses__response__survey")
    themes = Theme.objects.annotate(tagged=Count("responses", filter=counted)).filter(tagged__gt=0)
    return [ThemeCount(theme, theme.tagged) for theme in themes.order_by("-tagged", "name")]
