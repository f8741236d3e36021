"""Back up the PostgreSQL database and restore it into a fresh one (`scripts/backup`, `scripts/restore`).

The rules:
- A backup is one file in pg_dump's custom format (compressed, restorable table by table). It is written
  under a temporary name and renamed when pg_dump has finished, so a file with the final name is whole.
- A restore goes into a FRESH database: one that does not exist yet (it is created) or has no table. A
  database with tables is refused, unless --force: then it is renamed aside to
  <name>_before_restore_<UTC time> (kept, never dropped here) and a new one is created in its place.
  The restore is one transaction (all or nothing); `manage.py migrate` then brings it up to this code.
- The client programs must be at least the server's major version (pg_dump refuses an older client
  anyway; we say so before starting, with the fix).
- Where the database is: DATABASE_URL (or --database-url), using the PostgreSQL client programs of this
  machine or container; or, with --compose, the `db` service of docker-compose.yml, whose own client
  programs are used through `docker compose exec` (they always match its server), and whose user and
  database come from its POSTGRES_USER and POSTGRES_DB.

Only the standard library is used, so the scripts run on a host without the app's virtualenv (--compose).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, BinaryIO
from urllib.parse import parse_qs, unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}
ARCHIVE_MAGIC = b"PGDMP"  # the first bytes of every custom-format archive
TABLES_SQL = (
    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND n.nspname NOT LIKE 'pg_toast%'"
)


class Refused(Exception):
    """Stop with this message and exit status 2; nothing was changed."""


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass
class Server:
    """One PostgreSQL server and the database the app uses on it; runs the client programs against it."""

    database: str
    url: str = ""  # the app's DATABASE_URL for it (local programs)
    environment: dict[str, str] = field(default_factory=dict)  # PGHOST, PGUSER... (local programs)
    compose_user: str = ""  # set: run the programs inside compose's db service as this user

    def command(self, program: str, *args: str) -> list[str]:
        if not self.compose_user:
            return [program, *args]
        user = [] if args == ("--version",) else ["-U", self.compose_user]
        return ["docker", "compose", "exec", "-T", "db", program, *user, *args]

    def run(
        self,
        program: str,
        *args: str,
        stdin: BinaryIO | None = None,
        stdout: IO[bytes] | int | None = None,
        sql: str | None = None,
    ) -> subprocess.CompletedProcess:
        try:
            result = subprocess.run(
                self.command(program, *args),
                cwd=ROOT,
                env={**os.environ, **self.environment},
                stdout=stdout or subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=stdin,
                input=sql.encode() if sql is not None else None,
            )
        except FileNotFoundError:
            raise Refused(
                f"{program} is not installed here. Install the PostgreSQL client programs "
                "(postgresql-client), or use --compose to run the db container's own."
            ) from None
        if result.returncode != 0:
            raise Refused(f"{program} failed:\n{result.stderr.decode(errors='replace').strip()}")
        return result

    def query(self, sql: str, *, database: str = "postgres", **variables: str) -> str:
        """One value from SQL run by psql; `:'name'` and `:"name"` in the SQL are quoted by psql itself."""
        settings = [argument for name, value in variables.items() for argument in ("-v", f"{name}={value}")]
        result = self.run("psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", *settings, "-d", database, sql=sql)
        return result.stdout.decode().strip()

    def migrate(self) -> None:
        if self.compose_user:
            command = ["docker", "compose", "run", "--rm", "--no-deps", "web"]
            command += ["python", "manage.py", "migrate", "--noinput"]
        else:
            python = ROOT / ".venv" / "bin" / "python"
            command = [str(python if python.exists() else sys.executable), "manage.py", "migrate", "--noinput"]
        environment = {**os.environ, "DATABASE_URL": self.url} if self.url else dict(os.environ)
        result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
        if result.returncode != 0:
            raise Refused(f"migrate failed on the restored database:\n{result.stdout}{result.stderr}")

    def check_client(self, program: str) -> None:
        """The client must be at least the server's major version, or pg_dump/pg_restore will fail."""
        version = self.run(program, "--version").stdout.decode()
        found = re.search(r"\(PostgreSQL\)\s+(\d+)", version)
        if not found:
            raise Refused(f"cannot read the version of {program}: {version.strip()!r}")
        client = int(found.group(1))
        server = int(self.query("SHOW server_version_num")) // 10000
        if client < server:
            raise Refused(
                f"{program} is version {client} but the server is PostgreSQL {server}: install the version "
                f"{server} client (postgresql-client-{server}) or use --compose to run it in the db container."
            )


def server_from_url(url: str) -> Server:
    """A Server from a database URL like the app's DATABASE_URL (postgres://user:password@host:port/name)."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.path.strip("/"):
        raise Refused(f"not a PostgreSQL database URL: {parts.scheme}://... (expected postgres://user@host/name)")
    environment = {
        "PGHOST": unquote(parts.hostname or ""),
        "PGPORT": str(parts.port or 5432),
        "PGUSER": unquote(parts.username or ""),
        "PGPASSWORD": unquote(parts.password or ""),
    }
    for name, values in parse_qs(parts.query).items():
        if name == "sslmode":
            environment["PGSSLMODE"] = values[-1]
    return Server(
        database=unquote(parts.path.strip("/")),
        url=url,
        environment={name: value for name, value in environment.items() if value},
    )


def server_in_compose() -> Server:
    """compose's db service, as its own superuser (local socket connections need no password there)."""
    found = Server(database="", compose_user="unused")
    result = subprocess.run(
        ["docker", "compose", "exec", "-T", "db", "printenv", "POSTGRES_USER", "POSTGRES_DB"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise Refused(f"cannot reach compose's db service (is it running?):\n{result.stderr.strip()}")
    user, database = [*result.stdout.split(), ""][:2]
    found.compose_user, found.database = user, database or user
    return found


def choose_server(arguments: argparse.Namespace) -> Server:
    if arguments.compose:
        return server_in_compose()
    url = arguments.database_url or os.environ.get("DATABASE_URL", "")
    if not url:
        raise Refused("say which database: set DATABASE_URL, pass --database-url, or use --compose")
    return server_from_url(url)


# --- backup ------------------------------------------------------------------------------------------


def backup(server: Server, output: str) -> str:
    """Dump the database to `output` ("-": standard output). Returns where it went."""
    server.check_client("pg_dump")
    if output == "-":
        server.run("pg_dump", "--format=custom", "-d", server.database, stdout=sys.stdout.buffer)
        return "standard output"
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", delete=False) as partial:
        try:
            server.run("pg_dump", "--format=custom", "-d", server.database, stdout=partial)
        except BaseException:
            Path(partial.name).unlink(missing_ok=True)
            raise
    os.replace(partial.name, target)
    return f"{target} ({target.stat().st_size:,} bytes)"


def backup_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/backup",
        description="Dump the ServiceCulture PostgreSQL database to one file (pg_dump custom format).",
        epilog="Restore it with scripts/restore. Examples: scripts/backup; scripts/backup --compose backups/today.dump; "
        "scripts/backup --compose - > today.dump",
    )
    parser.add_argument(
        "output",
        nargs="?",
        help="file to write ('-' for standard output); default var/backups/<database>-<UTC time>.dump",
    )
    parser.add_argument("--database-url", help="the database to dump (default: $DATABASE_URL)")
    parser.add_argument("--compose", action="store_true", help="dump the db service of docker-compose.yml")
    arguments = parser.parse_args(argv)
    try:
        server = choose_server(arguments)
        output = arguments.output or str(ROOT / "var" / "backups" / f"{server.database}-{stamp()}.dump")
        where = backup(server, output)
    except Refused as refusal:
        print(f"backup: {refusal}", file=sys.stderr)
        return 2
    print(f"Backed up database {server.database} to {where}.", file=sys.stderr)
    return 0


# --- restore -----------------------------------------------------------------------------------------


def make_fresh(server: Server, *, force: bool) -> str:
    """Make sure the target database exists and has no table. Returns what happened to an old one."""
    name = server.database
    if server.query("SELECT count(*) FROM pg_database WHERE datname = :'name'", name=name) != "1":
        server.query("CREATE DATABASE :\"name\" TEMPLATE template0 ENCODING 'UTF8'", name=name)
        return f"created database {name}"
    if server.query(TABLES_SQL, database=name) == "0":
        return f"database {name} existed and was empty"
    if not force:
        raise Refused(
            f"database {name} already has tables; restore into a new database, or pass --force to move "
            f"it aside (it is renamed, not dropped). Nothing was changed."
        )
    aside = f"{name}_before_restore_{stamp()}".lower()
    try:
        server.query('ALTER DATABASE :"name" RENAME TO :"aside"', name=name, aside=aside)
    except Refused as refusal:
        raise Refused(
            f"could not move {name} aside; stop the web, worker and beat services first.\n{refusal}"
        ) from None
    server.query("CREATE DATABASE :\"name\" TEMPLATE template0 ENCODING 'UTF8'", name=name)
    return f"the old database was renamed {aside} (drop it once you are satisfied)"


def restore(server: Server, dump: Path, *, force: bool) -> str:
    with dump.open("rb") as archive:
        if archive.read(len(ARCHIVE_MAGIC)) != ARCHIVE_MAGIC:
            raise Refused(f"{dump} is not a pg_dump custom-format archive (made by scripts/backup)")
    server.check_client("pg_restore")
    happened = make_fresh(server, force=force)
    options = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "-d", server.database]
    if server.compose_user:  # the file is on the host: stream it into the container
        with dump.open("rb") as archive:
            server.run("pg_restore", *options, stdin=archive)
    else:
        server.run("pg_restore", *options, str(dump))
    server.migrate()
    return happened


def restore_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/restore",
        description="Restore a dump made by scripts/backup into a fresh database (created if missing), "
        "then run migrate. Refuses a database that has tables unless --force.",
        epilog="Stop web, worker and beat first. Examples: DATABASE_URL=postgres://u:p@host/new scripts/restore "
        "today.dump; scripts/restore --compose --force today.dump",
    )
    parser.add_argument("dump", type=Path, help="the file written by scripts/backup")
    parser.add_argument("--database-url", help="the database to restore into (default: $DATABASE_URL)")
    parser.add_argument("--compose", action="store_true", help="restore into the db service of docker-compose.yml")
    parser.add_argument(
        "--force",
        action="store_true",
        help="if the database has tables, rename it to <name>_before_restore_<time> and restore anyway",
    )
    arguments = parser.parse_args(argv)
    if not arguments.dump.is_file():
        parser.error(f"no such file: {arguments.dump}")
    try:
        server = choose_server(arguments)
        happened = restore(server, arguments.dump, force=arguments.force)
    except Refused as refusal:
        print(f"restore: {refusal}", file=sys.stderr)
        return 2
    print(
        f"Restored {arguments.dump} into database {server.database} and applied migrations; {happened}.",
        file=sys.stderr,
    )
    return 0
