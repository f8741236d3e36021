from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "agency_name": settings.AGENCY_NAME,
        # The sign-in page: the single sign-on button, and whether a password may be typed at all.
        "sso_enabled": settings.SSO_ENABLED,
        "sso_provider_name": settings.OIDC_PROVIDER_NAME,
        "password_sign_in": settings.PASSWORD_SIGN_IN,
    }
