"""Single sign-on: who a person the identity provider vouches for is here.

The rules:

- The provider's claims name the person by one claim (`OIDC_MATCH_CLAIM`, e.g. `email` or `employee_number`),
  compared with one Employee field (`OIDC_MATCH_FIELD`): an email without regard to case, an employee number
  exactly. The userinfo answer is read first and the ID token second, as allauth does.
- The person must be exactly one *active* Employee. Nobody, several people, or only a leaver: refused, and
  nothing is created or connected. A provider that knows everyone in the county does not make everyone staff.
- The matched employee signs in as their own account. One is created when they have none: username the
  employee number, no password (they sign in by SSO), the Employee role only; other roles are given in the app.
  A disabled account, or a username taken by someone else, is refused rather than repaired.
- The ID token must carry back the nonce this sign-in sent, so a token minted for another sign-in is refused.
- The provider's word that the person used a second factor counts only when its `amr` claim (in the ID token,
  which the provider signs) holds one of `OIDC_MFA_AMR`; an empty list means it never counts.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import record
from accounts.models import AuditAction
from org.models import Employee
from org.roles import Role


@dataclass(frozen=True)
class Refusal:
    """Why a person the provider vouched for may not sign in here (for the audit trail, not the page)."""

    claim_value: str
    reason: str


def claim_value(claims: Mapping[str, Any]) -> str:
    """The value of the matching claim, from the userinfo answer or else the ID token."""
    for source in ("userinfo", "id_token"):
        value = (claims.get(source) or {}).get(settings.OIDC_MATCH_CLAIM)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return ""


def asserted_mfa(claims: Mapping[str, Any]) -> bool:
    """Whether the ID token's `amr` holds a method the configuration counts as a second factor."""
    amr = (claims.get("id_token") or {}).get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(set(settings.OIDC_MFA_AMR) & {str(method) for method in amr})


def nonce_returned(*, state: Mapping[str, Any], claims: Mapping[str, Any]) -> bool:
    """Whether the ID token carries back the nonce this sign-in sent (accounts/oidc_provider.py)."""
    sent = state.get("nonce")
    return bool(sent) and (claims.get("id_token") or {}).get("nonce") == sent


def _employees_matching(value: str) -> Iterable[Employee]:
    active = Employee.objects.filter(active=True).select_related("user")
    if settings.OIDC_MATCH_FIELD == "email":
        return active.filter(work_email__iexact=value)[:2]
    return active.filter(employee_number=value)[:2]


def match_employee(claims: Mapping[str, Any]) -> Employee | Refusal:
    """The one active employee the claims name, or why there is none."""
    value = claim_value(claims)
    if not value:
        return Refusal("", _("The identity provider sent no %(claim)s claim.") % {"claim": settings.OIDC_MATCH_CLAIM})
    matches = list(_employees_matching(value))
    if not matches:
        return Refusal(value, _("No active employee has this %(field)s.") % {"field": settings.OIDC_MATCH_FIELD})
    if len(matches) > 1:
        return Refusal(value, _("Several active employees have this %(field)s.") % {"field": settings.OIDC_MATCH_FIELD})
    employee = matches[0]
    if employee.user is not None and not employee.user.is_active:
        return Refusal(value, _("The employee's account is disabled."))
    return employee


@transaction.atomic
def account_for_employee(*, employee: Employee) -> User | Refusal:
    """The employee's own account, created (Employee role only, no password) when they have none yet."""
    employee = Employee.objects.select_for_update(of=("self",)).select_related("user").get(pk=employee.pk)
    if employee.user is not None:
        return employee.user
    if User.objects.filter(username__iexact=employee.employee_number).exists():
        return Refusal(employee.employee_number, _("Another account already has this employee number as username."))
    user = User(
        username=employee.employee_number,
        email=employee.work_email,
        first_name=employee.first_name,
        last_name=employee.last_name,
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.EMPLOYEE.value)[0])
    employee.user = user
    employee.save(update_fields=["user"])
    return user


def signing_in_account(*, claims: Mapping[str, Any], connected: AbstractBaseUser | None) -> User | Refusal:
    """The account the person signs in as: their employee's own, or why not. `connected` is the account this
    provider identity was connected to before, which must still be that employee's."""
    employee = match_employee(claims)
    if isinstance(employee, Refusal):
        return employee
    if connected is not None:
        if employee.user is None or employee.user.pk != connected.pk:
            return Refusal(claim_value(claims), _("This sign-in is connected to another person's account."))
        return employee.user
    return account_for_employee(employee=employee)


def record_refusal(refusal: Refusal) -> None:
    record(
        AuditAction.SIGN_IN_REFUSED,
        by=None,
        username=refusal.claim_value,
        summary=_("Single sign-on refused: %(reason)s") % {"reason": refusal.reason},
    )
