"""The one shape of every error the API answers: `{"errors": {"<field>": ["<message>", ...]}}`.

- A service's ValidationError is a 400, its fields as they are (a message for no field under "__all__");
  a request the schema refuses (a missing field, a wrong type) is a 400 the same way, naming the field.
- PermissionDenied is a 403; a missing, unknown or revoked token a 401 (with `WWW-Authenticate: Bearer`);
  too many requests a 429; anything else django-ninja raises as an HttpError keeps its status.
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

# The parts of a schema error's location that say where, not which field.
LOCATION_PARTS = {"body", "query", "path", "header", "payload", "params"}


class TooManyRequests(Exception):
    pass


class ErrorsOut(Schema):
    """The body of every error answer, as the OpenAPI document shows it."""

    errors: dict[str, list[str]] = Field(description="Messages by field; `__all__` for the request as a whole.")


def body(errors: dict[str, list[str]]) -> dict[str, Any]:
    return {"errors": errors}


def _field_of(location: list[Any]) -> str:
    named = [str(part) for part in location if isinstance(part, str) and part not in LOCATION_PARTS]
    return named[-1] if named else NON_FIELD_ERRORS


def schema_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field_of(list(error.get("loc", []))), []).append(str(error.get("msg", "")))
    return fields


def install(api: NinjaAPI) -> None:
    """Register the handlers on the API."""

    def respond(request: HttpRequest, errors: dict[str, list[str]], status: int) -> HttpResponse:
        return api.create_response(request, body(errors), status=status)

    @api.exception_handler(ValidationError)
    def service_refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
        if hasattr(error, "error_dict"):
            return respond(request, {field: list(messages) for field, messages in error.message_dict.items()}, 400)
        return respond(request, {NON_FIELD_ERRORS: list(error.messages)}, 400)

    @api.exception_handler(SchemaError)
    def schema_refused(request: HttpRequest, error: SchemaError) -> HttpResponse:
        return respond(request, schema_errors(error.errors), 400)

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
        return respond(request, {NON_FIELD_ERRORS: [str(error) or _("You may not do this.")]}, 403)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        response = respond(request, {"authorization": [_("Send a valid, unrevoked API token as a Bearer token.")]}, 401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(TooManyRequests)
    def throttled(request: HttpRequest, error: TooManyRequests) -> HttpResponse:
        return respond(request, {NON_FIELD_ERRORS: [_("Too many requests: slow down and try again in a minute.")]}, 429)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return respond(request, {NON_FIELD_ERRORS: [_("Not found.")]}, 404)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        return respond(request, {NON_FIELD_ERRORS: [error.message]}, error.status_code)
