"""serviceculture/errors.py: a service's ValidationError reaches the person next to what they typed, or as a
message on the next page; a refusal stays a 403."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from serviceculture.errors import add_to_form, reported


class NameForm(forms.Form):
    name = forms.CharField()


def a_request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]  # as MessageMiddleware does
    return request


def test_a_rule_about_a_field_is_shown_on_that_field_and_the_rest_on_top():
    form = NameForm({"name": "Ana"})
    form.is_valid()
    add_to_form(ValidationError({"name": "Already taken.", "start": "Not a working day."}), form)
    add_to_form(ValidationError("The cycle is closed."), form)
    assert form.errors["name"] == ["Already taken."]
    assert form.non_field_errors() == ["Not a working day.", "The cycle is closed."]


def test_a_refused_button_leaves_its_reason_as_a_message_and_says_it_did_not_go_through():
    request = a_request()
    with reported(request, success="Signed.") as outcome:
        raise ValidationError("Two evaluations are not final yet.")
    assert not outcome.ok
    assert [str(message) for message in get_messages(request)] == ["Two evaluations are not final yet."]


def test_a_button_that_worked_says_so():
    request = a_request()
    with reported(request, success="Signed.") as outcome:
        pass
    assert outcome.ok and [str(message) for message in get_messages(request)] == ["Signed."]


def test_an_action_the_person_may_not_take_stays_a_403():
    with pytest.raises(PermissionDenied), reported(a_request()):
        raise PermissionDenied("Only HR may reopen an evaluation.")
