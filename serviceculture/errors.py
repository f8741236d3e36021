"""The one error vocabulary of the services, and the one place that turns it into what a person sees.

Services raise only two things at a person:

- `django.core.exceptions.ValidationError` for bad input and broken rules, with a message a person can read
  (a dict of field -> messages when the problem belongs to a field);
- `django.core.exceptions.PermissionDenied` for an action the person may not take (a 403 page).

A view that shows a form puts a ValidationError on it with `add_to_form`, next to what the person typed; a
view that runs a button's action wraps the call in `reported`, which turns it into a message on the page it
redirects to. The API will map the same two exceptions to JSON. No service raises ValueError at a person.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def add_to_form(error: ValidationError, form: forms.BaseForm) -> None:
    """Put a service's ValidationError on the form: on its field when the form has that field, else on top."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


@dataclass
class Outcome:
    """What `reported` tells the view after the block: whether the service call went through."""

    ok: bool = False


@contextmanager
def reported(request: HttpRequest, success: str = "", *, level: int = messages.ERROR) -> Iterator[Outcome]:
    """Run a service call; a ValidationError becomes messages for the next page (errors, unless `level` says
    a refusal is milder, e.g. a warning), success a success message. PermissionDenied is not caught: it is a
    403."""
    outcome = Outcome()
    try:
        yield outcome
    except ValidationError as error:
        for message in error.messages:
            messages.add_message(request, level, str(message))
    else:
        outcome.ok = True
        if success:
            messages.success(request, success)
