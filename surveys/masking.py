"""Personal data a resident types into a comment is masked before the comment is stored.

`mask_personal_data(text)` is pure: it finds email addresses, phone numbers and identifiers shaped like a
US Social Security number, and puts a marker in place of each one. The raw text is never stored or logged;
only the masked text and the kinds that were found are kept (Answer.masked_kinds).

The rules:

- An email address is anything@domain.tld.
- An SSN is three, two and four digits separated by the same hyphen or space (123-45-6789, 123 45 6789),
  not part of a longer number. Nine digits run together are left to the phone rule (a Spanish mobile has nine).
- A phone number is what Google's libphonenumber (the `phonenumbers` package) finds in the text for the
  United States, Mexico and Spain with STRICT_GROUPING leniency: a valid number, written in its country's
  groups, so a case number like 2026-000123 is not taken for a Washington number. International numbers
  (+34 ..., +52 ...) are found from any of the three. Because a valid number must have a real area code,
  a North American number written in the usual shapes ((555) 123-4567, 555-123-4567, 555.123.4567,
  +1 555 123 4567, 5551234567) is also masked by shape, whatever its area code: a wrong digit typed by a
  resident is still their number. So is a Mexican mobile in the old "+52 1" form that phones still show
  (+52 1 55 1234 5678), which libphonenumber no longer accepts.
- Dates, amounts, counts, ticket numbers, ZIP codes, years and house numbers are left as they are: none has
  the groups of a phone number or an SSN. A ZIP+4 code (78701-1234) has nine digits like a Spanish number,
  and libphonenumber takes it for one; no phone of the three countries is written in groups of five and
  four, so that shape is never a phone.

The markers read the same to staff working in English or Spanish ("[email]", "[tel]", "[SSN]", the last
being what Spanish speakers in the US call it too), because the stored text is one text for every reader,
export and report; the translated badge beside the comment tells staff that something was removed.
"""

import re
from dataclasses import dataclass, field

import phonenumbers

EMAIL = "email"
PHONE = "phone"
SSN = "ssn"
KINDS = (EMAIL, PHONE, SSN)
MARKERS = {EMAIL: "[email]", PHONE: "[tel]", SSN: "[SSN]"}

# Where a detector may look for phone numbers: the US, and the Spanish-speaking countries residents here
# most often come from or call (Mexico, Spain). International numbers are found whatever the region.
PHONE_REGIONS = ("US", "MX", "ES")

_EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# Not glued to a word, a longer number, an amount or a date written with slashes or dots.
_BEFORE = r"(?<![\w$€/.,+-])"
_AFTER = r"(?![\w/-]|[.,]\d)"
_SSN_RE = re.compile(_BEFORE + r"\d{3}([- ])\d{2}\1\d{4}" + _AFTER)
_NANP_RE = re.compile(_BEFORE + r"(?:\+1[\s.-]?)?(?:\(\d{3}\)\s?\d{3}[\s.-]?\d{4}|\d{3}([\s.-]?)\d{3}\1\d{4})" + _AFTER)

_ZIP_PLUS_FOUR_RE = re.compile(r"\d{5}-\d{4}")
_MX_OLD_MOBILE_RE = re.compile(r"\+52[\s.-]?1[\s.-]?(?:\d{2}[\s.-]?\d{4}|\d{3}[\s.-]?\d{3})[\s.-]?\d{4}" + _AFTER)


@dataclass(frozen=True)
class Masked:
    text: str
    kinds: list[str] = field(default_factory=list)  # in KINDS order, each once

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


def mask_personal_data(text: str) -> Masked:
    """The text with every email address, phone number and SSN-shaped identifier replaced by its marker."""
    spans = _spans(text)
    if not spans:
        return Masked(text)
    pieces, at = [], 0
    for start, end, kind in spans:
        pieces += [text[at:start], MARKERS[kind]]
        at = end
    pieces.append(text[at:])
    found = {kind for _, _, kind in spans}
    return Masked("".join(pieces), [kind for kind in KINDS if kind in found])


def _spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of what to mask, in order and not overlapping: emails first, then SSNs, then
    phones, so the digits of an email or an SSN are never read as a phone number."""
    found: list[tuple[int, int, str]] = []
    candidates = [
        *((m.start(), m.end(), EMAIL) for m in _EMAIL_RE.finditer(text)),
        *((m.start(), m.end(), SSN) for m in _SSN_RE.finditer(text)),
        *_phones(text),
    ]
    for start, end, kind in candidates:
        if all(end <= taken_start or start >= taken_end for taken_start, taken_end, _ in found):
            found.append((start, end, kind))
    return sorted(found)


def _phones(text: str) -> list[tuple[int, int, str]]:
    shapes = (*_NANP_RE.finditer(text), *_MX_OLD_MOBILE_RE.finditer(text))
    spans = [(m.start(), m.end(), PHONE) for m in shapes]
    for region in PHONE_REGIONS:
        matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.STRICT_GROUPING)
        spans += [
            (match.start, match.end, PHONE) for match in matcher if not _ZIP_PLUS_FOUR_RE.fullmatch(match.raw_string)
        ]
    # The longest first, so "+52 55 1234 5678" wins over the "55 1234 5678" inside it.
    return sorted(spans, key=lambda span: span[0] - span[1])
