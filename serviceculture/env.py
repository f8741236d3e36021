"""Strict readers for environment variables.

Every knob of the application comes from the environment. A value that cannot be
understood stops the start with a message naming the variable, instead of being
silently read as a default (django-environ's own bool() reads "flase" as False).
"""

import os
import urllib.parse
import zoneinfo
from typing import Any, overload

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return value.strip() if value is not None else None


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


@overload
def env_str(name: str, default: str, *, required: bool = False) -> str: ...
@overload
def env_str(name: str, default: None = None, *, required: bool = False) -> str | None: ...
def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = _raw(name)
    if value:
        return value
    if required:
        raise ImproperlyConfigured(f"{name} must be set.")
    return default


def env_secret(name: str) -> str | None:
    """A secret from `name`, or from the file that `NAME_FILE` names (a Docker or Kubernetes secret mounted as
    a file), stripped of the newline editors leave; setting both is a mistake, not a choice."""
    value = _raw(name)
    path = _raw(f"{name}_FILE")
    if value and path:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
    if not path:
        return value or None
    try:
        with open(path, encoding="utf-8") as secret:
            return secret.read().strip() or None
    except OSError as error:
        raise ImproperlyConfigured(f"{name}_FILE names a file that cannot be read: {error}") from None


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _raw(name) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int = 10**9) -> int:
    value = _raw(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if not minimum <= number <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, not {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_query(name: str) -> dict[str, str]:
    """name=value pairs written as a URL query string (a=1&b=two), each name once."""
    value = _raw(name)
    if not value:
        return {}
    try:
        pairs = urllib.parse.parse_qsl(value, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a query string such as a=1&b=2, not {value!r}.") from None
    if len({key for key, _ in pairs}) != len(pairs):
        raise ImproperlyConfigured(f"{name} names a parameter twice: {value!r}.")
    return dict(pairs)


def env_time_zone(name: str, default: str) -> str:
    value = _raw(name) or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be an IANA time zone such as America/New_York, not {value!r}."
        ) from None
    return value


def env_database(name: str, default: str) -> dict[str, Any]:
    value = _raw(name) or default
    scheme = value.split("://", 1)[0]
    if scheme not in environ.Env.DB_SCHEMES:
        known = ", ".join(sorted({"postgres", "sqlite", "mysql"}))
        raise ImproperlyConfigured(f"{name} has an unknown database scheme {scheme!r}; use one of {known}.")
    try:
        config: dict[str, Any] = environ.Env.db_url_config(value)
    except Exception as error:  # noqa: BLE001  (django-environ raises several kinds for a bad URL)
        raise ImproperlyConfigured(f"{name} is not a database URL Django understands: {error}") from None
    return config


def env_redis_url(name: str) -> str | None:
    value = _raw(name)
    if not value:
        return None
    if not value.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"{name} must start with redis://, rediss:// or unix://, not {value!r}.")
    return value


def env_email(name: str, default: str) -> dict[str, Any]:
    value = _raw(name) or default
    try:
        config: dict[str, Any] = environ.Env.email_url_config(value)
    except Exception as error:  # noqa: BLE001  (as for the database URL: several kinds for a bad URL)
        raise ImproperlyConfigured(f"{name} is not an email URL (smtp://user:pass@host:587): {error}") from None
    return config
