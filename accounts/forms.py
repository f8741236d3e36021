"""The password-reset form: django-allauth's, also finding people whose address differs from what they typed
only in capitals.

Staff addresses come from HR exports as HR typed them ("Pat.Smith@County.gov"). allauth looks the address up in
its EmailAddress table (stored in lower case) and in User.email by exact match of the lower-cased text, so a
person with a mixed-case User.email and no EmailAddress row would never get their link.
"""

from typing import Any

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django.contrib.auth import get_user_model


class ResetPasswordForm(AllauthResetPasswordForm):
    def clean_email(self) -> str:
        email: str = super().clean_email()
        self.users: list[Any]
        if not self.users:
            self.users = list(get_user_model().objects.filter(email__iexact=email.strip(), is_active=True))
        return email
