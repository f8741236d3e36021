"""Pages anyone may open without signing in: checking a certificate by its verification code, and joining a
workshop from a phone with its short code."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from org.access import employee_of
from serviceculture.addresses import rate_limit_key
from training.forms import prompt_fields
from training.models import Certificate, Session
from training.services.workshops import find_workshop, prompts_for, read_answers, submit_workshop_answers


def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone may check a certificate by its code; it shows only what the certificate itself says."""
    certificate = get_object_or_404(Certificate.objects.select_related("employee", "program"), verification_code=code)
    return render(
        request,
        "training/verify.html",
        {"certificate": certificate, "valid": certificate.is_valid_on(timezone.localdate())},
    )


def verify_lookup(request: HttpRequest) -> HttpResponse:
    """A form to type a code printed on a certificate."""
    code = request.GET.get("code", "").strip()
    if code:
        if Certificate.objects.filter(verification_code=code).exists():
            return redirect("training_public:verify", code=code)
        return render(request, "training/verify_lookup.html", {"code": code, "not_found": True}, status=404)
    return render(request, "training/verify_lookup.html", {})


# Workshop participants: no account needed, answers anonymous unless signed in (training/services/workshops.py).
# A whole room usually reaches us from one address (the office's network), so the limits are per address but
# sized for a room: answers from forty people in a minute pass. Only wrong codes count towards the second one:
# guessing codes is what it stops, and a room typing the right code never meets it.
ANSWER_RATE = "60/m"
WRONG_CODE_RATE = "20/m"
SLOW_DOWN = _("We have had many requests from your connection in a short time. Please wait a minute and try again.")


def _slow_down(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/slow_down.html", {"message": SLOW_DOWN}, status=429)


@never_cache
def workshop_join(request: HttpRequest) -> HttpResponse:
    """/w/: a box to type the join code shown in the room; ?code=K7QM leads to the workshop's page."""
    typed = request.GET.get("code", "")
    if not typed.strip():
        return render(request, "training/workshop/join.html", {})
    session = _workshop_or_none(request, typed)
    if session is None:
        return _not_found(request, typed)
    return redirect("workshop:answer", code=session.workshop_code)


def _too_many_wrong_codes(request: HttpRequest, *, wrong: bool = False) -> bool:
    return is_ratelimited(
        request, group="training.workshop_code", key=rate_limit_key, rate=WRONG_CODE_RATE, increment=wrong
    )


def _workshop_or_none(request: HttpRequest, typed: str) -> Session | None:
    """The workshop a typed code names; None for a wrong code (counted), or for anyone past the limit of wrong
    codes (then even a right code is refused, or guessing would go on)."""
    if _too_many_wrong_codes(request):
        return None
    session = find_workshop(typed[:20])
    if session is None:
        _too_many_wrong_codes(request, wrong=True)
    return session


def _not_found(request: HttpRequest, typed: str) -> HttpResponse:
    if _too_many_wrong_codes(request):
        return _slow_down(request)
    return render(request, "training/workshop/join.html", {"code": typed[:20], "not_found": True}, status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def workshop_answer(request: HttpRequest, code: str) -> HttpResponse:
    """The workshop's prompts on a phone. A closed workshop says so (410) and keeps anything typed."""
    session = _workshop_or_none(request, code)
    if session is None:
        return _not_found(request, code)
    prompts = prompts_for(session.module_version, session)
    employee = employee_of(request.user)
    if request.method != "POST":
        return _answer_page(request, session, prompts, employee, sent=request.GET.get("sent") == "1")
    if is_ratelimited(
        request, group="training.workshop_answer", key=rate_limit_key, rate=ANSWER_RATE, method="POST", increment=True
    ):
        return _slow_down(request)
    read = read_answers(prompts, request.POST)
    if not read.is_valid:
        return _answer_page(request, session, prompts, employee, errors=read.errors, status=400)
    try:
        submit_workshop_answers(session=session, employee=employee, read=read)
    except ValidationError as refused:  # closed while the participant was typing
        return _answer_page(request, session, prompts, employee, errors={"__all__": refused.messages[0]}, status=410)
    return redirect(reverse("workshop:answer", args=[session.workshop_code]) + "?sent=1")


def _answer_page(request, session, prompts, employee, *, errors=None, sent=False, status=200) -> HttpResponse:
    if not session.workshop_open and request.method != "POST":
        status = 410
    return render(
        request,
        "training/workshop/answer.html",
        {
            "session": session,
            "fields": prompt_fields(prompts, request.POST if request.method == "POST" else {}, errors or {}),
            "form_error": (errors or {}).get("__all__", ""),
            "employee": employee,
            "sent": sent,
        },
        status=status,
    )
