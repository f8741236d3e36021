"""Real processes for tests: servers (redis-server, gunicorn, Caddy) and Celery workers that a test starts,
stops, restarts or kills, and the polling that waits for them.

Each server binds 127.0.0.1 on a port the OS has just handed out, is the test's own (never the shared Redis),
writes its output to a log file the test can read, and is always stopped when the `with` block ends, however
it ends. A process runs in a session of its own, so stopping it stops what it started (Chromium, a pool).
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(
    check: Callable[[], bool],
    *,
    seconds: float,
    what: str,
    process: subprocess.Popen | None = None,
    log: Path | None = None,
) -> None:
    """Poll `check` for up to `seconds`; fail saying `what` did not happen, at once if `process` has stopped,
    with the end of `log`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        if process is not None and process.poll() is not None:
            break
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log is not None and log.exists() else ""
    raise AssertionError(f"{what}: not within {seconds} s" + (f"\n{tail}" if tail else ""))


def start(command: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start a process in its own session, its output (stdout and stderr) appended to `log`."""
    with log.open("ab") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen) -> None:
    """Stop a process started by `start` and everything in its session."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


# The PostgreSQL application_name of every server a test starts (libpq reads PGAPPNAME), so a test can tell
# their sessions from the test process's own (pytest-django's live server thread keeps one open).
SERVER_SESSIONS = "serviceculture-test-server"


def worker_environment(**extra: str) -> dict[str, str]:
    """The environment of a process that must see this test's database and Redis, not the development ones."""
    from django.conf import settings
    from django.db import connection

    database = connection.settings_dict
    return {
        **os.environ,
        "PGAPPNAME": SERVER_SESSIONS,
        "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}",
        "REDIS_URL": settings.REDIS_URL or "",
        # As in the test process (tests/conftest.py): people sign in with a password unless a test asks for more.
        "MFA_REQUIRED_ROLES": "",
        **extra,
    }


@contextmanager
def celery_worker(
    environment: dict[str, str] | None = None, *, log: Path, pool: str = "solo", ready: bool = True
) -> Iterator[subprocess.Popen]:
    """A real Celery worker (one process of work) on `environment` (default: this test's database and Redis),
    its log in `log`; with `ready`, the block starts once it takes tasks."""
    process = start(
        [
            str(BIN / "celery"),
            "-A",
            "serviceculture",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ],
        env=environment or worker_environment(),
        log=log,
    )
    try:
        if ready:
            wait_until(
                lambda: b"ready." in log.read_bytes(),
                seconds=60,
                what="the Celery worker started",
                process=process,
                log=log,
            )
        yield process
    finally:
        stop(process)


class RedisServer:
    """A redis-server of the test's own, which the test may stop and start again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(lambda: listening(self.port), seconds=15, what="redis-server started")

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
    process = start(
        [
            str(BIN / "gunicorn"),
            "serviceculture.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
        ],
        env=environment,
        log=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: listening(port), seconds=60, what="gunicorn started", process=process, log=log)
        yield base
    finally:
        stop(process)


def fetch(
    url: str, *, data: bytes | None = None, headers: dict | None = None, timeout: float = 30
) -> tuple[int, bytes]:
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
    body = urllib.parse.urlencode({"login": username, "password": password, "csrfmiddlewaretoken": csrf}).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/",
        data=body,
        headers={"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"},
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    except urllib.error.HTTPError as answer:
        reply = answer
    else:
        raise AssertionError("the sign-in form did not redirect: wrong password?")
    assert reply.code == 302, f"sign-in answered {reply.code}"
    session = next(
        value.split(";")[0]
        for name, value in reply.headers.items()
        if name.lower() == "set-cookie" and value.startswith("sessionid=")
    )
    return f"{session}; csrftoken={csrf}"


def wait_for_servers_to_leave_the_database() -> None:
    """Wait until the sessions of the servers this test started have ended (their processes are stopped), so
    that the test database can be flushed or dropped."""
    from django.db import connection

    def gone() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s",
                [SERVER_SESSIONS],
            )
            return cursor.fetchone()[0] == 0

    wait_until(gone, seconds=15, what="the servers' database sessions ended")


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
        admin = psycopg2.connect(
            dbname="postgres",
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            host=settings["HOST"],
            port=settings["PORT"],
        )
        admin.autocommit = True
        try:
            with admin.cursor() as cursor:
                cursor.execute(statement, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            admin.close()

    def create(self) -> None:
        from django.db import connections

        # A template database must have no session: this thread's is closed, and any other (the live server
        # thread's, which reconnects when it next needs to) is ended.
        connections.close_all()
        self._admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            self.template,
        )
        self._admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')

    def end_sessions(self) -> None:
        self._admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            self.name,
        )

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
        scratch = psycopg2.connect(
            dbname=self.name,
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            host=settings["HOST"],
            port=settings["PORT"],
        )
        try:
            with scratch.cursor() as cursor:
                cursor.execute(statement)
                return cursor.fetchall()
        finally:
            scratch.close()

    def environment(self, **extra: str) -> dict:
        """The environment of a server process on this database, DEBUG off."""
        environment = worker_environment()
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
