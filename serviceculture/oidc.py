"""allauth's configuration of the one OpenID Connect provider, built from the OIDC_* settings.

settings.py calls it once; a test that starts its own provider calls it again with that provider's issuer.
The app lives in settings, not in a SocialApp row, so the environment is the one place it is configured.
"""

from typing import Any

# The provider id is part of the redirect URI registered with the identity provider:
# <SITE_URL>/accounts/oidc/sso/login/callback/
PROVIDER_ID = "sso"


# allauth's provider with a nonce on every authorization request (accounts/oidc_provider.py). allauth picks the
# class once, when it first loads its providers, so it is named even while single sign-on is off.
PROVIDER_CLASS = "accounts.oidc_provider.OpenIDConnectProvider"


def socialaccount_providers(
    *,
    issuer: str,
    client_id: str,
    secret: str,
    name: str,
    scopes: list[str],
    token_auth_method: str = "",
    auth_params: dict[str, str] | None = None,
) -> dict[str, Any]:
    if not issuer:
        return {"openid_connect": {"provider_class": PROVIDER_CLASS, "APPS": []}}
    app_settings: dict[str, Any] = {
        "server_url": issuer,
        "scope": scopes,
        "oauth_pkce_enabled": True,
        "auth_params": auth_params or {},
    }
    if token_auth_method:
        app_settings["token_auth_method"] = token_auth_method
    return {
        "openid_connect": {
            "provider_class": PROVIDER_CLASS,
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
