"""django-allauth's security-key forms, refusing an oversized number in the credential as bad input.

The credential is JSON the browser posts. Django's JSONField turns malformed JSON into a form error but lets
json.loads' other ValueError escape: an integer of more than 4,300 digits (Python's guard against slow
conversions) became a 500 instead of "Enter a valid JSON."
"""

from typing import Any

from allauth.mfa.webauthn import forms as allauth_forms
from django import forms
from django.core.exceptions import ValidationError


class CredentialField(forms.JSONField):
    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value}) from error


def _credential() -> CredentialField:
    return CredentialField(required=True, widget=forms.HiddenInput)


class AddWebAuthnForm(allauth_forms.AddWebAuthnForm):
    credential = _credential()


class SignupWebAuthnForm(allauth_forms.SignupWebAuthnForm):
    credential = _credential()


class LoginWebAuthnForm(allauth_forms.LoginWebAuthnForm):
    credential = _credential()


class ReauthenticateWebAuthnForm(allauth_forms.ReauthenticateWebAuthnForm):
    credential = _credential()
