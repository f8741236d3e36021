"""allauth's configuration of the one OpenID Connect provider, built from the OIDC_* settings.

settings.py calls it once; a test that starts its own provider calls it again with that provider's issuer.
The app lives in settings, not in a SocialApp row, so the environment is the one place it is configured.
"""

from typing import Any

# The provider id is part of the redirect URI registered with the identity provider:
# <SITE_URL>/accounts/oidc/sso/login/callback/
PROVIDER_ID = "sso"


def socialaccount_providers(
    *, issuer: str, client_id: str, secret: str, name: str, scopes: list[str], token_auth_method: str = ""
) -> dict[str, Any]:
    if not issuer:
        return {}
    app_settings: dict[str, Any] = {"server_url": issuer, "scope": scopes, "oauth_pkce_enabled": True}
    if token_auth_method:
        app_settings["token_auth_method"] = token_auth_method
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": name,
                    "client_id": client_id,
                    "secret": secret,
                    "settings": app_settings,
                }
            ],
        }
    }
