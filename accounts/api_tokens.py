"""API tokens: issued and revoked by program admins, presented by other systems as `Authorization: Bearer <secret>`.

Rules:
- The secret is 256 random bits behind the prefix `sc_`; it is returned once, by `issue_token`, and only its
  SHA-256 is stored. (A salt or a slow hash protects guessable passwords; a random 256-bit secret cannot be
  guessed, and a plain digest lets each request find its token with one indexed lookup.)
- A token must name at least one service point, and acts for those only (`service_point_for`).
- Every token may invite; reading the responses given at its service points is granted apart
  (`may_read_responses`), and the contact details residents gave with them apart again
  (`may_read_contact_details`, only with the first).
- Issuing and revoking are on the audit trail; revoking is final (issue a new token instead).
- `last_used_at` is written at most once a minute, so a busy system does not turn every call into a write.
"""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record
from accounts.models import ApiToken, AuditAction
from org.models import ServicePoint

SECRET_PREFIX = "sc_"
LAST_USE_PRECISION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def issue_token(
    *,
    name: str,
    service_points: Iterable[ServicePoint],
    by: User,
    may_read_responses: bool = False,
    may_read_contact_details: bool = False,
) -> tuple[ApiToken, str]:
    """Create a token for the service points; returns it with its secret, which is never shown again."""
    name = name.strip()
    points = list(service_points)
    errors = {}
    if not name:
        errors["name"] = [_("Name the system that will use this token.")]
    if not points:
        errors["service_points"] = [_("Choose at least one service point.")]
    if may_read_contact_details and not may_read_responses:
        errors["may_read_contact_details"] = [_("Contact details come with responses: allow reading responses too.")]
    if errors:
        raise ValidationError(errors)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        prefix=secret[:10],
        secret_hash=hash_secret(secret),
        created_by=by,
        may_read_responses=may_read_responses,
        may_read_contact_details=may_read_contact_details,
    )
    token.service_points.set(points)
    record(
        AuditAction.API_TOKEN_ISSUED,
        by=by,
        summary=_("API token “%(name)s” issued") % {"name": name},
        details={
            "token": token.pk,
            "service_points": [point.pk for point in points],
            "may_read_responses": may_read_responses,
            "may_read_contact_details": may_read_contact_details,
        },
    )
    return token, secret


@transaction.atomic
def revoke_token(*, token: ApiToken, by: User) -> ApiToken:
    """Refuse the token from now on. Revoking a revoked token is an error a person can read."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This token was already revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.save(update_fields=["revoked_at", "revoked_by"])
    record(
        AuditAction.API_TOKEN_REVOKED,
        by=by,
        summary=_("API token “%(name)s” revoked") % {"name": locked.name},
        details={"token": locked.pk},
    )
    return locked


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token with this secret (None for an unknown or revoked one), its last use noted."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    token = ApiToken.objects.live().filter(secret_hash=hash_secret(secret)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def require_response_reading(token: ApiToken) -> None:
    """PermissionDenied unless the token was allowed to read responses."""
    if not token.may_read_responses:
        raise PermissionDenied(_("This token may not read responses."))


def service_point_for(token: ApiToken, service_point_id: int) -> ServicePoint:
    """The service point, if the token was issued for it; PermissionDenied otherwise (an unknown one looks the
    same as another's, so a token cannot probe which exist)."""
    point = token.service_points.filter(pk=service_point_id).select_related("department").first()
    if point is None:
        raise PermissionDenied(_("This token may not act for this service point."))
    return point
