"""scripts/backup and scripts/restore on a real PostgreSQL: the demo county, dumped and restored into a fresh
database, comes back whole (every table's rows, byte for byte), its sequences go on where they stopped, and
the app accepts it. Scratch databases only; every one is dropped afterwards."""

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(Path(sys.executable))


def server() -> dict:
    settings = connection.settings_dict
    return {
        "host": settings["HOST"],
        "port": settings["PORT"],
        "user": settings["USER"],
        "password": settings["PASSWORD"] or "",
    }


def url(database: str) -> str:
    parts = server()
    return f"postgres://{parts['user']}:{parts['password']}@{parts['host']}:{parts['port']}/{database}"


@contextmanager
def connect(database: str) -> Iterator:
    """A connection in autocommit (CREATE and DROP DATABASE need it), closed on exit."""
    with closing(psycopg2.connect(dbname=database, **server())) as db:
        db.autocommit = True
        yield db


def run(command: list[str], database: str, **environment: str) -> subprocess.CompletedProcess:
    """A command of the app or a script, on `database`, with the suite's production-shaped settings."""
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url(database), **environment},
        capture_output=True,
        text=True,
        timeout=300,
    )


def databases_named(prefix: str) -> list[str]:
    with connect("postgres") as admin, admin.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s ORDER BY 1", [prefix + "%"])
        return [name for (name,) in cursor.fetchall()]


def fingerprint(database: str) -> dict[str, tuple[int, str]]:
    """table -> (rows, md5 of every row's text in a fixed order), for every table of the database."""
    tables = {}
    with connect(database) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname, tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
        )
        for schema, table in cursor.fetchall():
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t"
                ).format(sql.Identifier(schema, table))
            )
            tables[f"{schema}.{table}"] = cursor.fetchone()
    return tables


def sequences(database: str) -> dict[str, tuple]:
    with connect(database) as db, db.cursor() as cursor:
        cursor.execute("SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences ORDER BY 1")
        return dict(cursor.fetchall())


# Tables of one row pinned to id 1 by a check constraint (`theme_list_single_row`): their sequence is never used.
SINGLE_ROW = {"surveys_themelist.id"}


def serial_columns_take_fresh_ids(database: str) -> dict[str, bool]:
    """table.column -> whether the next id its sequence hands out is above every id already stored."""
    fresh = {}
    with connect(database) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attname, pg_get_serial_sequence(quote_ident(c.relname), a.attname) "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped "
            "AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL"
        )
        for table, column, sequence in cursor.fetchall():
            cursor.execute(
                sql.SQL("SELECT nextval(%s) > (SELECT coalesce(max({}), 0) FROM {})").format(
                    sql.Identifier(column), sql.Identifier(table)
                ),
                [sequence],
            )
            if f"{table}.{column}" not in SINGLE_ROW:
                fresh[f"{table}.{column}"] = cursor.fetchone()[0]
    return fresh


@pytest.fixture(scope="module")
def scratch():
    """A name prefix for this module's scratch databases, all dropped at the end whatever happens."""
    prefix = f"{connection.settings_dict['NAME']}_bk{uuid.uuid4().hex[:6]}"
    yield prefix
    with connect("postgres") as admin, admin.cursor() as cursor:
        for name in databases_named(prefix):
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    assert databases_named(prefix) == []


@pytest.fixture(scope="module")
def county(scratch, tmp_path_factory):
    """The demo county in its own database, and a backup of it."""
    source = f"{scratch}_src"
    with connect("postgres") as admin, admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(source)))
    for command in (["manage.py", "migrate", "--noinput"], ["manage.py", "seed_demo", "--force"]):
        result = run([PYTHON, *command], source)
        assert result.returncode == 0, result.stdout + result.stderr
    dump = tmp_path_factory.mktemp("backups") / "county.dump"
    result = run([str(ROOT / "scripts" / "backup"), str(dump)], source)
    assert result.returncode == 0, result.stderr
    assert dump.read_bytes()[:5] == b"PGDMP" and f"Backed up database {source}" in result.stderr
    assert dump.stat().st_mode & 0o077 == 0  # residents' contact details: readable by its owner only
    return source, dump


def test_a_backup_restored_into_a_new_database_loses_nothing_and_goes_on_numbering(county, scratch):
    source, dump = county
    restored = f"{scratch}_new"
    assert databases_named(restored) == []

    result = run([str(ROOT / "scripts" / "restore"), str(dump)], restored)
    assert result.returncode == 0, result.stderr
    assert f"created database {restored}" in result.stderr

    before, after = fingerprint(source), fingerprint(restored)
    assert len(before) > 50 and before["public.surveys_response"][0] > 100  # the demo county, not an empty shell
    assert after == before
    assert sequences(restored) == sequences(source)
    fresh = serial_columns_take_fresh_ids(restored)
    assert fresh and all(fresh.values()), [column for column, ok in fresh.items() if not ok]

    # The app accepts the restored database: no check fails, no migration is missing, new rows get new ids.
    assert run([PYTHON, "manage.py", "check", "--database", "default"], restored).returncode == 0
    assert run([PYTHON, "manage.py", "migrate", "--check"], restored).returncode == 0
    created = run(
        [
            PYTHON,
            "manage.py",
            "createsuperuser",
            "--noinput",
            "--username",
            "after-restore",
            "--email",
            "after@example.gov",
        ],
        restored,
        DJANGO_SUPERUSER_PASSWORD="a-long-restore-pass-2026",
    )
    assert created.returncode == 0, created.stderr
    with connect(restored) as db, db.cursor() as cursor:
        cursor.execute("SELECT id FROM auth_user WHERE username = 'after-restore'")
        new_id = cursor.fetchone()[0]
    with connect(source) as db, db.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM auth_user")
        assert new_id > cursor.fetchone()[0]


def test_restore_refuses_a_database_with_tables_and_with_force_keeps_the_old_one_aside(county, scratch):
    source, dump = county
    target = f"{scratch}_busy"
    assert run([str(ROOT / "scripts" / "restore"), str(dump)], target).returncode == 0
    with connect(target) as db, db.cursor() as cursor:
        cursor.execute("INSERT INTO auth_group (name) VALUES ('made after the backup')")

    refused = run([str(ROOT / "scripts" / "restore"), str(dump)], target)
    assert refused.returncode == 2
    assert "already has tables" in refused.stderr and "Nothing was changed" in refused.stderr
    assert fingerprint(target)["public.auth_group"] != fingerprint(source)["public.auth_group"]

    forced = run([str(ROOT / "scripts" / "restore"), "--force", str(dump)], target)
    assert forced.returncode == 0, forced.stderr
    assert fingerprint(target) == fingerprint(source)
    [aside] = databases_named(f"{target}_before_restore_")
    assert aside in forced.stderr
    with connect(aside) as db, db.cursor() as cursor:  # the database we replaced is still there, as it was
        cursor.execute("SELECT count(*) FROM auth_group WHERE name = 'made after the backup'")
        assert cursor.fetchone()[0] == 1


def test_backup_refuses_a_pg_dump_older_than_the_server_and_names_the_fix(county, tmp_path):
    source, _dump = county
    old_client = tmp_path / "bin"
    old_client.mkdir()
    (old_client / "pg_dump").write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    (old_client / "pg_dump").chmod(0o755)
    result = run(
        [str(ROOT / "scripts" / "backup"), str(tmp_path / "never.dump")],
        source,
        PATH=f"{old_client}:{os.environ['PATH']}",
    )
    assert result.returncode == 2
    assert (
        "pg_dump is version 9 but the server is PostgreSQL" in result.stderr and "postgresql-client-" in result.stderr
    )
    assert not (tmp_path / "never.dump").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(county, scratch, tmp_path):
    not_a_dump = tmp_path / "notes.txt"
    not_a_dump.write_text("SELECT 1;")
    result = run([str(ROOT / "scripts" / "restore"), str(not_a_dump)], f"{scratch}_never")
    assert result.returncode == 2 and "not a pg_dump custom-format archive" in result.stderr
    assert databases_named(f"{scratch}_never") == []


# Stands in for `docker compose` on a machine without Docker: the db service is this test's PostgreSQL,
# reached by its own client programs, and `run web` is this checkout. It logs what it was asked to run.
FAKE_DOCKER = """#!/bin/sh
echo "$*" >> "$FAKE_DOCKER_LOG"
[ "$1" = compose ] || exit 64
shift
if [ "$1 $2 $3" = "exec -T db" ]; then
    shift 3
    [ "$1" = printenv ] && { echo "$FAKE_DB_USER"; echo "$FAKE_DB_NAME"; exit 0; }
    exec env PGHOST="$FAKE_DB_HOST" PGPORT="$FAKE_DB_PORT" PGPASSWORD="$FAKE_DB_PASSWORD" "$@"
fi
if [ "$1 $2 $3 $4 $5" = "run --rm --no-deps web python" ]; then
    shift 5
    exec env DATABASE_URL="$FAKE_WEB_DATABASE_URL" "$FAKE_WEB_PYTHON" "$@"
fi
exit 64
"""


def test_with_compose_the_db_services_own_programs_dump_and_restore_through_pipes(county, scratch, tmp_path):
    source, _dump = county
    restored = f"{scratch}_compose"
    fake = tmp_path / "bin" / "docker"
    fake.parent.mkdir()
    fake.write_text(FAKE_DOCKER)
    fake.chmod(0o755)
    parts, log = server(), tmp_path / "docker.log"
    compose = {
        "PATH": f"{fake.parent}:{os.environ['PATH']}",
        "FAKE_DOCKER_LOG": str(log),
        "FAKE_WEB_PYTHON": PYTHON,
        "FAKE_DB_HOST": parts["host"],
        "FAKE_DB_PORT": str(parts["port"]),
        "FAKE_DB_USER": parts["user"],
        "FAKE_DB_PASSWORD": parts["password"],
    }

    dump = tmp_path / "compose.dump"
    backed_up = run(
        [str(ROOT / "scripts" / "backup"), "--compose", str(dump)],
        "unused",
        **compose,
        FAKE_DB_NAME=source,
        DATABASE_URL="",
    )
    assert backed_up.returncode == 0, backed_up.stderr
    restored_run = run(
        [str(ROOT / "scripts" / "restore"), "--compose", str(dump)],
        "unused",
        **compose,
        FAKE_DB_NAME=restored,
        FAKE_WEB_DATABASE_URL=url(restored),
        DATABASE_URL="",
    )
    assert restored_run.returncode == 0, restored_run.stderr

    assert fingerprint(restored) == fingerprint(source)
    asked = log.read_text().splitlines()
    assert f"compose exec -T db pg_dump -U {parts['user']} --format=custom -d {source}" in asked
    assert any(line.startswith(f"compose exec -T db pg_restore -U {parts['user']} ") for line in asked)
    assert "compose run --rm --no-deps web python manage.py migrate --noinput" in asked
