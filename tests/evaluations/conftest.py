import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """make_org() signs up six users per test; a fast hasher keeps this folder quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
