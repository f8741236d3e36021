"""Second factors: who must use one, and whether this session has.

The rule (DESIGN.md, "Stable interfaces"): a person holding any role named in settings.MFA_REQUIRED_ROLES
reaches only the pages under /accounts/ until their session has used a second factor. A session counts as
having used one when

- django-allauth recorded an "mfa" authentication in it: a code from an authenticator app, a security key or a
  recovery code at sign-in or on re-authentication, or a sign-in with a passkey (allauth records that as "mfa"
  too, marked passwordless);
- the person added a second factor in it (they have just shown they hold it: ENROLLED_SESSION_KEY); or
- the single sign-on provider asserted that it checked one (its `amr` claim; the SSO sign-in sets
  SSO_ASSERTED_MFA_SESSION_KEY, and only it does).

accounts/middleware.py applies the rule to every request.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from org.access import roles_of
from org.roles import Role

ENROLLED_SESSION_KEY = "mfa_enrolled_in_session"
SSO_ASSERTED_MFA_SESSION_KEY = "sso_asserted_mfa"


def required_roles() -> frozenset[Role]:
    """The roles of settings.MFA_REQUIRED_ROLES; a name that is no role stops the start (accounts/apps.py)."""
    known = {role.value: role for role in Role}
    unknown = [name for name in settings.MFA_REQUIRED_ROLES if name not in known]
    if unknown:
        raise ImproperlyConfigured(
            f"MFA_REQUIRED_ROLES names no role called {', '.join(map(repr, unknown))}; "
            f"the roles are: {', '.join(known)}."
        )
    return frozenset(known[name] for name in settings.MFA_REQUIRED_ROLES)


def second_factor_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(roles_of(user) & required_roles())


def has_second_factor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether they have enrolled a factor they can sign in with (recovery codes alone are a fallback)."""
    factors = Authenticator.objects.filter(
        user_id=user.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    )
    return bool(factors.exists())


def second_factor_verified(request: HttpRequest) -> bool:
    """Whether this session has used a second factor (the module docstring lists the ways)."""
    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    return (
        request.session.get(ENROLLED_SESSION_KEY) is True or request.session.get(SSO_ASSERTED_MFA_SESSION_KEY) is True
    )


def note_enrolment(request: HttpRequest) -> None:
    """The person added a second factor in this session (allauth asks for a code from it, or the key itself)."""
    request.session[ENROLLED_SESSION_KEY] = True
