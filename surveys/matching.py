"""Finding words and phrases in residents' comments: comment themes and watched words both use it.

The rules:

- Case and accents do not matter: "Tiempo de ESPERA", "tiempo de espera" and "tiémpo de espera" all match
  "tiempo de espera" (each character is decomposed, its accents dropped, and case-folded).
- Only whole words and phrases match: "wait" finds "wait" and "Wait," but not "waiting" or "await". A phrase
  matches across any run of spaces or line breaks between its words.
- A match is reported by the term as the list gives it (what a person typed), and by where it sits in the
  original text, so a page can highlight the very characters that matched.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


def fold(text: str) -> str:
    """Lower case without accents: the form in which terms and comments are compared."""
    return "".join(_fold_char(char) for char in text)


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(part for part in decomposed if not unicodedata.combining(part)).casefold()


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the original character it came from."""
    folded: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        part = _fold_char(char)
        folded.append(part)
        origins.extend([index] * len(part))
    return "".join(folded), origins


def clean_terms(lines: Iterable[str]) -> list[str]:
    """The terms of a list typed one per line: spaces tidied, blank and repeated lines dropped."""
    terms: dict[str, str] = {}
    for line in lines:
        term = " ".join(line.split())
        if term and fold(term) not in terms:
            terms[fold(term)] = term
    return list(terms.values())


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in fold(term).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


@dataclass(frozen=True)
class Match:
    term: str  # as the list gives it
    start: int  # in the original text
    end: int


def find_terms(text: str, terms: Iterable[str]) -> list[Match]:
    """Every place in `text` where one of `terms` occurs as a whole word or phrase, in text order."""
    folded, origins = _folded_with_positions(text)
    found = []
    for term in terms:
        if not term.split():
            continue
        for hit in _pattern(term).finditer(folded):
            found.append(Match(term=term, start=origins[hit.start()], end=origins[hit.end() - 1] + 1))
    return sorted(found, key=lambda match: (match.start, -match.end))


def matching_terms(texts: Iterable[str], terms: Iterable[str]) -> list[str]:
    """The terms found in any of the texts, each once, in the list's order."""
    terms = list(terms)
    found = {match.term for text in texts if text for match in find_terms(text, terms)}
    return [term for term in terms if term in found]
