"""Writing a recomputed slice of a report table: upsert on the unique key, then drop keys that vanished."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Model, Q


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
