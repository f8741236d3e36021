"""The mail server's timeout and the email lease come from the environment, and a lease too short for the
timeout refuses to start: a slow but live sender would lose its email to a second one (a duplicate)."""

from tests.project.test_settings import PRODUCTION, run_django

SHOW = "from django.conf import settings; print(settings.EMAIL_TIMEOUT, settings.EMAIL_LEASE_SECONDS)"


def test_mail_waits_30_seconds_at_most_and_a_sender_holds_its_email_5_minutes_by_default():
    result = run_django(["manage.py", "shell", "-v", "0", "-c", SHOW], **PRODUCTION)
    assert result.stdout.split() == ["30", "300"], result.stderr


def test_a_lease_shorter_than_twice_the_smtp_timeout_refuses_to_start():
    result = run_django(["manage.py", "check"], **PRODUCTION, EMAIL_TIMEOUT="60", EMAIL_LEASE_SECONDS="90")
    assert result.returncode != 0
    assert "EMAIL_LEASE_SECONDS (90) must be at least twice EMAIL_TIMEOUT (60)" in result.stderr


def test_both_can_be_set():
    result = run_django(
        ["manage.py", "shell", "-v", "0", "-c", SHOW], **PRODUCTION, EMAIL_TIMEOUT="10", EMAIL_LEASE_SECONDS="20"
    )
    assert result.stdout.split() == ["10", "20"], result.stderr
