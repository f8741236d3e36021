from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and audit trail")

    def ready(self) -> None:
        from allauth.account import signals as account_signals
        from allauth.mfa import signals as mfa_signals
        from django.contrib.auth import signals as auth_signals

        from accounts import signals
        from accounts.mfa import required_roles

        required_roles()  # a misspelt MFA_REQUIRED_ROLES stops the start, naming the variable
        account_signals.user_logged_in.connect(signals.signed_in, dispatch_uid="accounts.signed_in")
        auth_signals.user_login_failed.connect(signals.sign_in_failed, dispatch_uid="accounts.sign_in_failed")
        auth_signals.user_logged_out.connect(signals.signed_out, dispatch_uid="accounts.signed_out")
        account_signals.password_changed.connect(signals.password_changed, dispatch_uid="accounts.password_changed")
        account_signals.password_reset.connect(signals.password_reset, dispatch_uid="accounts.password_reset")
        mfa_signals.authenticator_added.connect(signals.factor_added, dispatch_uid="accounts.factor_added")
        mfa_signals.authenticator_removed.connect(signals.factor_removed, dispatch_uid="accounts.factor_removed")
        mfa_signals.authenticator_reset.connect(signals.factor_reset, dispatch_uid="accounts.factor_reset")
