"""Writing a recomputed slice of a report table: upsert on the unique key, then drop keys that vanished."""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Field, Model, Q, QuerySet


def replace_slice(
    *, model: type[Model], rows: Sequence[Mapping[str, Any]], key: tuple[str, ...], slice_filter: Q, run
) -> int:
    """Make the rows of `model` matching `slice_filter` exactly `rows`, stamped with `run`.

    Existing keys are updated in place (so a dashboard never sees a gap), new keys are inserted, and keys of
    the slice that this run did not write (their source rows are gone or stopped counting) are deleted.
    The caller holds a transaction, so readers see the old slice or the new one, never a mix.
    """
    objects = [model(run=run, **row) for row in rows]
    if objects:
        fields = [name for name in rows[0] if name not in key] + ["run"]
        model._default_manager.bulk_create(
            objects, update_conflicts=True, unique_fields=list(key), update_fields=fields, batch_size=1000
        )
    model._default_manager.filter(slice_filter).exclude(run=run).delete()
    return len(objects)


@dataclass(frozen=True)
class Source:
    """One query feeding a report table: a values() queryset and which of its columns fill which table columns
    (table column -> the queryset's column name). Count columns a source does not name are 0 in its rows."""

    queryset: QuerySet
    columns: Mapping[str, str]


def replace_slice_from(
    *,
    model: type[Model],
    sources: Sequence[Source],
    key: tuple[str, ...],
    counts: tuple[str, ...],
    slice_filter: Q,
    run,
) -> int:
    """replace_slice, with the rows made and written by the database: no row passes through Python, which at a
    million responses is the difference between seconds and minutes.

    The sources' rows are stacked (UNION ALL) and summed per key into a temporary table, so a key counted by
    several sources becomes one row. Then the slice is made equal to it: changed keys are updated (and
    stamped with `run`), new ones inserted, vanished ones deleted. A row whose counts did not change is not
    written at all (it keeps the stamp of the run that last changed it): rewriting the unchanged bulk of a
    full rebuild was most of its cost. Returns the rows of the slice.
    """
    columns = [_column(model, name) for name in (*key, *counts)]
    keys, values = columns[: len(key)], columns[len(key) :]
    table, fresh = _quoted(model._meta.db_table), _quoted(f"fresh_{model._meta.db_table}")
    stacked, params = _stacked(sources, (*key, *counts))
    same = " AND ".join(f"f.{_quoted(column)} = {table}.{_quoted(column)}" for column in values)
    matches = " AND ".join(f"f.{_quoted(column)} = {table}.{_quoted(column)}" for column in keys)
    sums = ", ".join(
        f"CAST(SUM(COALESCE(c{position}, 0)) AS INTEGER) AS {_quoted(column)}"
        for position, column in _after(key, values)
    )
    key_names = ", ".join(f"c{position} AS {_quoted(column)}" for position, column in enumerate(keys))
    listed = ", ".join(_quoted(column) for column in columns)
    group = ", ".join(f"c{position}" for position in range(len(keys)))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {fresh}")
        with grouped_in_memory(cursor):
            cursor.execute(
                f"CREATE TEMPORARY TABLE {fresh} AS SELECT {key_names}, {sums} FROM ({stacked}) AS stacked "
                f"GROUP BY {group}",
                params,
            )
        cursor.execute(f"ANALYZE {fresh}")  # a temporary table has no statistics until asked: the joins need them
        # Unchanged rows are left out before the upsert: one anti-join, rather than a conflict per row.
        cursor.execute(
            f"INSERT INTO {table} ({listed}, run_id) SELECT {listed}, %s FROM {fresh} f "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {matches} AND {same}) "
            f"ON CONFLICT ({', '.join(_quoted(column) for column in keys)}) DO UPDATE SET "
            f"{', '.join(f'{_quoted(column)} = EXCLUDED.{_quoted(column)}' for column in [*values, 'run_id'])}",
            [run.pk],
        )
        cursor.execute(f"SELECT COUNT(*) FROM {fresh}")
        written = cursor.fetchone()[0]
        in_slice, slice_params = _condition(model, slice_filter)
        cursor.execute(
            f"DELETE FROM {table} WHERE {in_slice} AND NOT EXISTS (SELECT 1 FROM {fresh} f WHERE {matches})",
            slice_params,
        )
        cursor.execute(f"DROP TABLE {fresh}")
    return written


# A slice's GROUP BY makes a row per key and day (some 150,000 for a million responses), but PostgreSQL
# estimates a group per answer and so sorts every answer on disk. For that statement only: enough working
# memory to hash the groups, and no sort where hashing will do (a hash that outgrows it spills in batches).
GROUP_WORK_MEM = "64MB"


@contextmanager
def grouped_in_memory(cursor: Any) -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    cursor.execute("SHOW work_mem")
    before = cursor.fetchone()[0]
    cursor.execute("SELECT set_config('work_mem', %s, true), set_config('enable_sort', 'off', true)", [GROUP_WORK_MEM])
    yield
    cursor.execute("SELECT set_config('work_mem', %s, true), set_config('enable_sort', 'on', true)", [before])


def _condition(model: type[Model], condition: Q) -> tuple[str, tuple]:
    """The SQL of a condition on the model's table, to use in a statement on that table. (As `id IN (the
    slice's ids)` PostgreSQL read the whole table to delete from four days of it.)"""
    query = model._default_manager.filter(condition).query
    return query.get_compiler(connection=connection).compile(query.where)


def _stacked(sources: Sequence[Source], names: tuple[str, ...]) -> tuple[str, list]:
    """The sources' rows one under the other, as columns c0, c1, ... in the order of `names` (0 where a
    source does not count a column)."""
    parts: list[str] = []
    params: list[Any] = []
    for source in sources:
        sql, source_params = source.queryset.query.sql_with_params()
        picked = [
            f"{f's.{_quoted(source.columns[name])}' if name in source.columns else '0'} AS c{position}"
            for position, name in enumerate(names)
        ]
        parts.append(f"SELECT {', '.join(picked)} FROM ({sql}) s")
        params += source_params
    return " UNION ALL ".join(parts), params


def _after(key: tuple[str, ...], values: list[str]) -> list[tuple[int, str]]:
    return [(len(key) + offset, column) for offset, column in enumerate(values)]


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column  # report tables' keys and counts are concrete fields
    return field.column


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)
