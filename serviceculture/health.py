"""What /healthz checks: whether the database takes writes, and whether the broker answers.

A resident's submission is a write, so the health check writes too: a database that answers SELECT 1 but
refuses writes (a failed-over replica, `default_transaction_read_only`, a disk too full to write) cannot store
submissions and must fail the check. The probe is one UPDATE of one row that skips the row when another
check holds it, so frequent or concurrent checks never queue behind each other; a skipped row still proves
the write path, because PostgreSQL refuses the row lock itself in a read-only transaction.

The broker is reported, never fatal: nothing a resident does needs it (serviceculture/outages.py).
"""

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models.functions import Now
from kombu import Connection

from serviceculture.models import HealthProbe

OK = "ok"
DOWN = "down"
READ_ONLY = "read-only"

PROBE_ROW = 1
READ_ONLY_SQLSTATE = "25006"  # read_only_sql_transaction
BROKER_TIMEOUT_SECONDS = 2


def database_state() -> str:
    """ "ok" when the database stored a write just now, "read-only" when it refused one, "down" otherwise."""
    try:
        connection.ensure_connection()
        _write_probe()
    except DatabaseError as error:
        return READ_ONLY if _is_read_only(error) else DOWN
    return OK


def _write_probe() -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # a stuck database answers "down" in seconds, not never
                cursor.execute("SET LOCAL statement_timeout = '2s'")
        free_row = HealthProbe.objects.select_for_update(skip_locked=True).filter(pk=PROBE_ROW).values("pk")
        if HealthProbe.objects.filter(pk__in=free_row).update(checked_at=Now()):
            return
        # Locked by a concurrent check, or not there yet (a fresh database): inserting is a write either way.
        HealthProbe.objects.bulk_create([HealthProbe(pk=PROBE_ROW, checked_at=Now())], ignore_conflicts=True)


def _is_read_only(error: DatabaseError) -> bool:
    cause = error.__cause__
    if getattr(cause, "pgcode", None) == READ_ONLY_SQLSTATE:
        return True
    return "readonly database" in str(error)  # SQLite: "attempt to write a readonly database"


def broker_state() -> str:
    """ "ok" when the broker accepts a connection within two seconds, "down" otherwise."""
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=BROKER_TIMEOUT_SECONDS,
        ) as broker:
            broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:  # noqa: BLE001  (any broker fault is reported, never raised: the site works without it)
        return DOWN
    return OK
