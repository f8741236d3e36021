"""Untrusted input: what the site refuses at the door, and how a number is read from what a client sent.

Rules:
- A URL (path or query string) holds no control character (C0, DEL, C1) and no lone surrogate: none has a
  meaning in an address, and PostgreSQL cannot store a NUL at all. A query string must be UTF-8. Refused
  with a 400. (A path that is not UTF-8 reaches Django with the bad bytes re-encoded as %XX: it names no
  page, so it is a 404.)
- A posted form (URL-encoded or multipart) is sent as UTF-8 (no other charset), and its names and values hold
  no NUL. Tabs, line breaks and other characters people paste from documents are kept: a resident's comment
  is never refused for them. (Multipart parts that are not UTF-8 are read with U+FFFD by Django.)
- A cookie with a control character is dropped rather than refused: the person looks signed out instead of
  being locked out of the site by a cookie they cannot see. Only a forged cookie can hold one.
- Body limits are Django's (DATA_UPLOAD_MAX_MEMORY_SIZE, DATA_UPLOAD_MAX_NUMBER_FIELDS and _FILES): they
  raise while the body is read here, and `bad_request` below explains them.

`RefuseUnstorableInput` runs before the session, CSRF and every view, so no view and no query ever sees such
a value and the check lives in one place. It reads the form body itself (as the CSRF check would a moment
later), so a body Django cannot parse is refused here too, by the same error page: `bad_request`, the site's
handler400, which says in both languages what was wrong. (Reading the body this early means a view can no
longer swap request.upload_handlers; none does, and a future upload view would set them in a middleware.)
"""

import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

NOT_IN_URLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
NOT_IN_FORMS = re.compile(r"[\x00\ud800-\udfff]")
FORM_BODIES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Database ids are 64-bit (up to 19 digits); no real row comes near 18, and int() never sees more.
ID_DIGITS = 18


class UnreadableInput(BadRequest):
    """A request whose address or form holds what the site cannot read or store. `reason` picks the message."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


def parse_id(text: str | None) -> int | None:
    """A positive database id from untrusted text, or None: ASCII digits only, never more than a row id can be.

    int() alone accepts " 7", "+7", "٣" and "1_000", and raises on 4,301 digits or more.
    """
    if not text or len(text) > ID_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number or None


def safe_next(request: HttpRequest, default: str) -> str:
    """Where a form's `next` field asks to go after a post, if that is a page of this site; else `default`.

    Only a path of this site is followed: a `next` pointing elsewhere ("//evil.example", "https://...") would
    turn our button into a link to anywhere, and one that is not a path ("1e309") would be read by redirect()
    as the name of a view.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _wsgi_bytes(value: str) -> bytes:
    """The bytes the client sent: a WSGI string is bytes in Latin-1 clothing (ASGI gives text, kept as UTF-8)."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")


def _decoded(raw: bytes) -> str:
    """Percent-encoded bytes (a query string, a URL-encoded form) as text, refused unless they are UTF-8."""
    try:
        return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableInput("encoding", "not UTF-8") from None


def check_url(request: HttpRequest) -> None:
    """The path arrives decoded, with bytes that are not UTF-8 put back as %XX (they name no page: a 404).
    The query string is still percent-encoded."""
    query = _decoded(_wsgi_bytes(request.META.get("QUERY_STRING", "")))
    if NOT_IN_URLS.search(request.path_info) or NOT_IN_URLS.search(query):
        raise UnreadableInput("characters", "a control character in the address")


def check_form(request: HttpRequest) -> None:
    if request.method != "POST" or request.content_type not in FORM_BODIES:
        return
    charset = (request.content_params or {}).get("charset", "utf-8")
    if charset.lower() != "utf-8":  # an unknown one would crash the multipart parser; Django refuses the rest
        raise UnreadableInput("encoding", "a form not sent as UTF-8")
    if request.content_type == FORM_BODIES[0]:
        _decoded(request.body)  # the size limit is checked here, as the body is read
    for name, values in request.POST.lists():  # parsing errors (charset, count, malformed) are raised here
        if NOT_IN_FORMS.search(name) or any(NOT_IN_FORMS.search(value) for value in values):
            raise UnreadableInput("characters", "a NUL character in the form")


def drop_unreadable_cookies(request: HttpRequest) -> None:
    for name in [name for name, value in request.COOKIES.items() if NOT_IN_URLS.search(name + value)]:
        del request.COOKIES[name]


class RefuseUnstorableInput:
    """Middleware: the checks above, before anything reads the request. Goes right after WhiteNoise."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_url(request)
            check_form(request)
        except UnreadableInput as refused:  # answered here: a refusal is no error worth a traceback in the log
            return bad_request(request, refused)
        drop_unreadable_cookies(request)
        return self.get_response(request)


def _reason(exception: Exception | None) -> str:
    """Which explanation the 400 page gives; Django's own parsing errors reach bad_request as exceptions."""
    if isinstance(exception, UnreadableInput):
        return exception.reason
    if isinstance(exception, RequestDataTooBig):
        return "too_big"
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        return "too_many"
    if isinstance(exception, MultiPartParserError):
        return "malformed"
    return "unreadable"


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponseBadRequest:
    """The site's handler400. Rendered without the request, like the 500 page: the request is what broke (its
    body may not even be readable), so neither the CSRF check, the session nor the signed-in user may be
    consulted. Django's own 400 view re-runs the CSRF check, which reads the broken body again: a 500."""
    return HttpResponseBadRequest(loader.get_template("400.html").render({"reason": _reason(exception)}))
