"""The resident's pages at /s/<token>/ and /s/contact/<token>/: no account, no JavaScript needed, nothing
about them stored."""

import json
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import InternalError, OperationalError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from serviceculture.addresses import rate_limit_key
from surveys.models import LinkKind, Response, SurveyLink
from surveys.services import responses
from surveys.services.contact import reply_promise, response_for_take_back, withdraw_contact
from surveys.services.links import find_by_code, record_link_view
from surveys.services.public_form import blank_form_page
from surveys.services.resident_forms import resident_form
from surveys.services.widget import page_path
from surveys.submission import UNKNOWN_FIELDS_KEY, form_fields, read_submission

SUBMIT_RATE = "10/m"
# Every visit to a short address counts: a poster's code is typed once per resident, so a connection trying one
# code after another is guessing. Looser than the form's limit, as a whole office may share one address.
SHORT_CODE_RATE = "30/m"
# Every visit to a take-back page counts, a GET too: a wrong token is refused like a right one is served, so
# trying tokens gets nowhere fast (and never anywhere: they are signed).
TAKE_BACK_RATE = "10/m"
# The database is down or refuses writes (read-only after a failover, disk full): our fault, not the resident's.
STORAGE_FAULTS = (OperationalError, InternalError)
# Set on the thank-you page's address when the resident asked to be contacted, so the page says when to expect
# it. Anyone may add it by hand: it only shows the promise, never anything about a response.
REPLY_FLAG = "reply"

log = logging.getLogger(__name__)


def _open_link(token: str) -> SurveyLink:
    return get_object_or_404(
        SurveyLink.objects.select_related("survey", "service_point__department"), token=token, active=True
    )


# The labels of the form's fixed fields (templates/surveys/public/_optional_extras.html), for the error summary.
EXTRA_FIELD_LABELS = {
    "contact_name": _("Your name"),
    "contact_email": _("Email"),
    "contact_phone": _("Phone"),
    "compliment_employee": _("Choose their name"),
    "compliment_name": _("Their name"),
}


# The page for each refusal of responses.check_link_takes_answers (and submit_response), by its code
# (ValidationError.code, which is Optional; these refusals always set one).
REFUSALS: dict[str | None, tuple[str, int]] = {
    responses.SURVEY_NOT_ACCEPTING: ("surveys/public/closed.html", 410),
    responses.PAPERWORK_EXPIRED: ("surveys/public/paperwork_expired.html", 410),
    responses.LINK_ALREADY_USED: ("surveys/public/already_used.html", 409),
}


def _refusal(request, link: SurveyLink, refused: ValidationError):
    template, status = REFUSALS[refused.code]
    return render(request, template, {"link": link}, status=status)


def _button_context(request) -> dict[str, str]:
    """What a website's feedback button passed (surveys/services/widget.py): the page's path, cut to the path
    whatever was sent, and its language, which a resident's own choice of language here (its cookie) beats."""
    context = {"page": page_path(request.GET.get("page", ""))}
    language = request.GET.get("lang", "")
    if language in dict(settings.LANGUAGES) and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(language)
        request.LANGUAGE_CODE = language
        context["lang"] = language
    return {name: value for name, value in context.items() if value}


@never_cache
def respond(request, token: str):
    form = resident_form(token)
    link, questions, staff = form.link, list(form.questions), list(form.staff)
    button = _button_context(request)
    try:
        responses.check_link_takes_answers(link)
    except ValidationError as refused:
        return _refusal(request, link, refused)
    if request.method != "POST":
        _count_view(link)
        return blank_form_page(
            request,
            version=form.version,
            render=lambda csrf_token: _form_page(request, link, questions, staff, button=button, csrf_token=csrf_token),
        )
    if is_ratelimited(
        request, group="surveys.submit", key=rate_limit_key, rate=SUBMIT_RATE, method="POST", increment=True
    ):
        return render(request, "surveys/public/slow_down.html", {"link": link}, status=429)
    submission = read_submission(questions=questions, data=request.POST, staff_ids={person.pk for person in staff})
    if submission.is_bot:  # a filled honeypot: the bot sees success, nothing is stored
        return render(request, "surveys/public/thanks.html", {"survey": link.survey})
    if not submission.is_valid:
        return _form_page(request, link, questions, staff, submission.errors, status=400, button=button)
    try:
        responses.submit_response(
            link=link,
            answers=submission.answers,
            language=get_language(),
            contact=submission.contact,
            compliment_employee=submission.compliment_employee_id,
            compliment_name=submission.compliment_name,
            page=button.get("page", ""),
        )
    except ValidationError as refused:  # closed, or a single-use link just used by a simultaneous submission
        return _refusal(request, link, refused)
    except STORAGE_FAULTS:
        # Nothing was stored (one transaction): say so, and give the form back with everything typed in it.
        # Only a connection lost during the COMMIT itself leaves it unknown; sending again then risks a duplicate,
        # never a loss.
        log.exception("a response to link %s could not be stored", link.pk)
        page = _form_page(request, link, questions, staff, status=503, unsaved=True, button=button)
        page["Retry-After"] = "120"
        return page
    thanks_url = reverse("surveys_public:thanks", args=[link.token])
    return redirect(f"{thanks_url}?{REPLY_FLAG}=1" if submission.contact else thanks_url)


def _count_view(link: SurveyLink) -> None:
    """Count the form's showing; a database that refuses the write costs the count, never the form."""
    try:
        record_link_view(link=link)
    except STORAGE_FAULTS as error:
        log.warning("the view of link %s was not counted: %s", link.pk, error)


def _form_page(request, link, questions, staff, errors=None, status=200, unsaved=False, button=None, csrf_token=None):
    errors = errors or {}
    data = request.POST if request.method == "POST" else None
    language = get_language()
    fields = form_fields(questions=questions, data=data, errors=errors, language=language)
    # The summary names each question by its text (a bare "Please answer this question" five times says nothing)
    # and links to its first control; the field's own message below it stays short.
    summary = [
        (f"{field['name']}-0" if field["options"] else field["name"], field["question"].text, field["error"])
        for field in fields
        if field["error"]
    ]
    summary += [
        (f"id_{name}", EXTRA_FIELD_LABELS[name], message)
        for name, message in errors.items()
        if name in EXTRA_FIELD_LABELS
    ]
    return render(
        request,
        "surveys/public/respond.html",
        {
            "link": link,
            "survey": link.survey,
            "fields": fields,
            "staff": staff,
            "data": data,
            "errors": errors,
            "error_summary": summary,
            "form_error": errors.get(UNKNOWN_FIELDS_KEY, ""),
            "unsaved": unsaved,
            # The form posts back what the feedback button passed, cleaned, and nothing else of the address.
            "form_action": f"{request.path}?{urlencode(button)}" if button else request.path,
            # A kept blank page (surveys/services/public_form.py) is rendered with a marker in its place.
            **({"csrf_token": csrf_token} if csrf_token else {}),
        },
        status=status,
    )


@never_cache
def thanks(request, token: str):
    link = _open_link(token)
    if link.kind == LinkKind.SINGLE_USE and not link.used_at:
        raise Http404("This link has not been used yet.")
    context: dict = {"survey": link.survey}
    if request.GET.get(REPLY_FLAG) == "1":
        context["reply"] = reply_promise()
    return render(request, "surveys/public/thanks.html", context)


@never_cache
def short_link(request, code: str):
    """/s/K7QM: the short address printed on a poster leads to its link's form (any case; unknown is a 404)."""
    if is_ratelimited(request, group="surveys.short_code", key=rate_limit_key, rate=SHORT_CODE_RATE, increment=True):
        message = _(
            "We have had many requests from your connection in a short time. Please wait a minute and try again."
        )
        return render(request, "surveys/public/slow_down.html", {"message": message}, status=429)
    link = find_by_code(code)
    if link is None:
        raise Http404("No such short address.")
    return redirect(link.get_absolute_url())


@never_cache
@require_http_methods(["GET", "POST"])
def take_back(request, token: str):
    """A resident takes back the name, email and phone they gave to be contacted (surveys/services/contact.py):
    a GET asks them to confirm, a POST deletes, and any later visit says it is already done."""
    if is_ratelimited(request, group="surveys.take_back", key=rate_limit_key, rate=TAKE_BACK_RATE, increment=True):
        message = _(
            "We have had many requests from your connection in a short time. Please wait a minute and try again."
        )
        return render(request, "surveys/public/slow_down.html", {"message": message}, status=429)
    response = response_for_take_back(token)
    if response is None:
        raise Http404("No such take-back link.")
    state = "confirm"
    if response.contact_withdrawn:
        state = "already"
    elif request.method == "POST":
        state = "done" if withdraw_contact(response=response) else "already"
    language = _resident_language(request, response)
    with translation.override(language):
        page = render(request, "surveys/public/take_back.html", {"response": response, "state": state})
    page["Content-Language"] = language
    return page


def _resident_language(request, response: Response) -> str:
    """The language the resident answered in, unless they picked another with the page's language switch."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else response.language


# The script is the same for every site and changes only with a release: browsers and proxies may keep it a day.
BUTTON_SCRIPT_MAX_AGE = 24 * 3600


def feedback_button_script(request):
    """/widget/feedback.js: the script of a website's feedback button (surveys/services/widget.py), with its
    words in every language we speak. It sets no cookie and reads nothing about the visitor."""
    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels[code] = {"button": gettext("Rate this page"), "new_tab": gettext("(opens in a new tab)")}
    response = render(
        request,
        "surveys/widget/feedback.js",
        {"labels": json.dumps(labels, ensure_ascii=True), "default_language": settings.LANGUAGE_CODE},
        content_type="text/javascript; charset=utf-8",
    )
    patch_cache_control(response, public=True, max_age=BUTTON_SCRIPT_MAX_AGE)
    # Any site may load it: a script is fetched without CORS, and this header says the same to browsers that ask.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
