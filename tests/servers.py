"""Real server processes for tests that stop and start what production depends on.

Each server binds 127.0.0.1 on a port the OS has just handed out, is the test's own (never the shared Redis),
and is always stopped when the `with` block ends, however it ends.
"""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} within {seconds} s")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class RedisServer:
    """A redis-server of the test's own, which the test may stop and start again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: _answers(self.port), seconds=15, what="redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def gunicorn(environment: dict, *, log: Path, workers: int = 2) -> Iterator[str]:
    """gunicorn serving our WSGI application with `environment`; yields its base URL. Its log goes to `log`."""
    port = free_port()
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "serviceculture.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--timeout", "30", "--graceful-timeout", "5"],
            cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: process.poll() is not None or _answers(port), seconds=60, what="gunicorn did not start")
        assert process.poll() is None, f"gunicorn exited: {log.read_text()[-3000:]}"
        yield base
    finally:
        stop(process)


@contextmanager
def celery_worker(environment: dict, *, log: Path) -> Iterator[subprocess.Popen]:
    """A real Celery worker (solo pool) with `environment`; its log, with any email it prints, goes to `log`."""
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [str(BIN / "celery"), "-A", "serviceculture", "worker", "--pool=solo", "--without-mingle",
             "--without-gossip", "--loglevel=INFO"],
            cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT,
        )
    try:
        wait_until(lambda: b"ready." in log.read_bytes() or process.poll() is not None, seconds=60,
                   what="the Celery worker did not start")
        assert process.poll() is None, f"the worker exited: {log.read_text()[-3000:]}"
        yield process
    finally:
        stop(process)


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None, timeout: float = 30) -> tuple[int, bytes]:
    """(status, body) of one request; redirects are not followed, so a 302 stays a 302."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def sign_in(base: str, *, username: str, password: str) -> str:
    """Sign in through /accounts/login/ as a browser does; returns the Cookie header of the signed-in session."""
    csrf = "d" * 32
    body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": csrf}).encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=body, headers={
        "Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=30)
        raise AssertionError("the sign-in form did not redirect: wrong password?")
    except urllib.error.HTTPError as answer:
        assert answer.code == 302, f"sign-in answered {answer.code}"
        session = next(value.split(";")[0] for name, value in answer.headers.items()
                       if name.lower() == "set-cookie" and value.startswith("sessionid="))
    return f"{session}; csrftoken={csrf}"


def wait_alone_in_database() -> None:
    """Wait until the servers' database sessions have ended, so the test database can be dropped."""
    from django.db import connection

    def alone() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0] == 0

    wait_until(alone, seconds=15, what="the servers' database sessions did not end")


class ScratchDatabase:
    """A copy of the test database that a test may make read-only: the shared servers are never touched."""

    def __init__(self) -> None:
        from django.db import connection

        self.template = connection.settings_dict["NAME"]
        self.name = f"{self.template}_scratch_{free_port()}"

    def _admin(self, statement: str, *params) -> list:
        """Run one statement on the maintenance database (a fresh connection, autocommit)."""
        import psycopg2
        from django.db import connection

        settings = connection.settings_dict
        admin = psycopg2.connect(dbname="postgres", user=settings["USER"], password=settings["PASSWORD"] or None,
                                 host=settings["HOST"], port=settings["PORT"])
        admin.autocommit = True
        try:
            with admin.cursor() as cursor:
                cursor.execute(statement, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            admin.close()

    def create(self) -> None:
        from django.db import connections

        connections.close_all()  # a template database must have no session
        self._admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')

    def end_sessions(self) -> None:
        self._admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    self.name)

    def set_read_only(self, read_only: bool) -> None:
        """As after a failover to a replica: every new session is read-only; sessions open now are ended."""
        self._admin(f'ALTER DATABASE "{self.name}" SET default_transaction_read_only = {"on" if read_only else "off"}')
        self.end_sessions()

    def drop(self) -> None:
        self.end_sessions()
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')

    def count(self, table: str) -> int:
        return self._admin_on_scratch(f'SELECT count(*) FROM "{table}"')[0][0]

    def _admin_on_scratch(self, statement: str) -> list:
        import psycopg2
        from django.db import connection

        settings = connection.settings_dict
        scratch = psycopg2.connect(dbname=self.name, user=settings["USER"], password=settings["PASSWORD"] or None,
                                   host=settings["HOST"], port=settings["PORT"])
        try:
            with scratch.cursor() as cursor:
                cursor.execute(statement)
                return cursor.fetchall()
        finally:
            scratch.close()

    def environment(self, **extra: str) -> dict:
        """The environment of a server process on this database, DEBUG off."""
        from tests.conftest import _worker_environment

        environment = _worker_environment()
        environment["DATABASE_URL"] = environment["DATABASE_URL"].rsplit("/", 1)[0] + f"/{self.name}"
        return {**environment, "DEBUG": "false", "SECURE_SSL_REDIRECT": "false", **extra}


@contextmanager
def scratch_database() -> Iterator[ScratchDatabase]:
    scratch = ScratchDatabase()
    scratch.create()
    try:
        yield scratch
    finally:
        scratch.drop()
