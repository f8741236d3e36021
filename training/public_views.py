"""Pages anyone may open without signing in: checking a certificate by its verification code."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from training.models import Certificate


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
