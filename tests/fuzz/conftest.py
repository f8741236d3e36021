"""The fuzz tests' world: the demo county seeded once for this folder, and a client that counts server errors.

The demo holds every kind of object in every state (live and draft surveys, responses with compliments and
tags, past and upcoming sessions, an open cycle with evaluations in each status, a pay plan), so each staff
form has something real to post to. It is seeded once inside a transaction that is rolled back at the end,
and each test runs in a savepoint inside it.
"""

import random
import traceback
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, override_settings
from django.utils import translation

from demo.evaluations import seed_evaluations
from demo.org import seed_org
from demo.reports import seed_reports
from demo.surveys import seed_surveys
from demo.training import seed_training
from demo.yousaid import seed_actions

ROOT = __file__.rsplit("/tests/", 1)[0]


@pytest.fixture(scope="package")
def demo_private_files(tmp_path_factory):
    """Where the demo's signed certification statements go: a scratch folder, never the repository's var/."""
    return tmp_path_factory.mktemp("private")


@pytest.fixture(scope="package")
def demo_county(django_db_setup, django_db_blocker, demo_private_files):
    with (
        django_db_blocker.unblock(),
        translation.override("en"),
        override_settings(PRIVATE_FILES_DIR=demo_private_files),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            rng = random.Random(2026)
            seed_org(rng)
            seed_surveys(rng)
            seed_reports(rng)
            seed_training(rng)
            seed_evaluations(rng)
            seed_actions()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def county(demo_county, db, settings, tmp_path, demo_private_files):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PRIVATE_FILES_DIR = demo_private_files
    settings.JOBS_DIR = tmp_path / "jobs"  # files of the jobs the fuzz finishes, never the repository's var/
    yield
    translation.deactivate()  # a request in Spanish leaves Spanish active in this thread


def _where(exc_info) -> str:
    """The exception and the last line of our own code it passed through: one cause, however many requests."""
    kind, error, trace = exc_info
    ours = [
        frame
        for frame in traceback.extract_tb(trace)
        if frame.filename.startswith(ROOT) and "/.venv/" not in frame.filename
    ]
    place = f"{ours[-1].filename[len(ROOT) + 1 :]}:{ours[-1].lineno}" if ours else "django"
    return f"{kind.__name__}: {str(error)[:90]} at {place}"


@dataclass
class Fuzzer:
    """Sends requests as one person (or nobody) and keeps the count and every server error with its cause."""

    user: User | None = None
    sent: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.client = Client(raise_request_exception=False, enforce_csrf_checks=True)
        secret = _get_new_csrf_string()
        self.client.cookies["csrftoken"] = secret
        self.csrf = secret
        if self.user is not None:
            self.client.force_login(self.user)

    def send(self, method: str, path: str, *, query: str = "", body: bytes = b"", content_type: str = "", **headers):
        response = self.client.generic(
            method,
            path,
            data=body,
            content_type=content_type,
            QUERY_STRING=query,
            HTTP_X_CSRFTOKEN=self.csrf,
            **headers,
        )
        self.sent[response.status_code // 100 * 100] += 1
        if response.streaming:  # a fault half way through a download is a server error too
            try:
                response.body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
            except Exception as error:  # noqa: BLE001  (recorded, then reported by the test)
                self.errors.append(f"{method} {path}?{query[:60]} -> streamed: {type(error).__name__}: {error}")
        else:
            response.body = response.content  # type: ignore[attr-defined]
        if response.status_code >= 500:
            exc_info = getattr(response, "exc_info", None)
            cause = _where(exc_info) if exc_info else f"{response.status_code} without exception"
            self.errors.append(f"{method} {path}?{query[:60]} -> {response.status_code}: {cause}")
        return response

    def get(self, path: str, query: str = "", **headers):
        return self.send("GET", path, query=query, **headers)

    def post(self, path: str, body: bytes, content_type: str, **headers):
        return self.send("POST", path, body=body, content_type=content_type, **headers)

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def causes(errors: list[str]) -> str:
    """The distinct causes, most frequent first, for an assertion message a person can act on."""
    counted = Counter(error.split(": ", 1)[1] for error in errors)
    examples = {error.split(": ", 1)[1]: error for error in errors}
    return "\n".join(f"{count} x {cause}\n    e.g. {examples[cause][:200]}" for cause, count in counted.most_common())
