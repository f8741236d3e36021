"""The kinds of job the apps offer. Each app registers its own in <app>/jobs.py:

    @register("surveys.export_responses", access=may_export)
    def export_responses(work: Work) -> Output:
        ...write to work.path, call work.progress(done, total, step) now and then...
        return Output(download_name="responses.csv", content_type="text/csv; charset=utf-8")

The function runs in a worker, in the language the person used when they asked, and must rebuild every
object from `work.parameters` through the access rules of its app, as its view does: the person may have
lost access since. A refusal is a PermissionDenied or Http404; a problem a person can act on is a
ValidationError. Its messages are shown to the person as the job's error. Anything else is logged and
shown as a generic failure.

Each kind also names its `access` check: given the owner and the parameters, it raises PermissionDenied or
Http404 when the person may no longer see what the file holds. The download runs it again, so a file
prepared yesterday is not handed to someone who has lost the role or the department since.

A job may be started again from scratch (a killed worker's job is redelivered), so a runner rewrites its
file from the beginning and has no other side effect.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class Output:
    """What the runner wrote: the name the person's browser saves it as, and its type."""

    download_name: str
    content_type: str


class Work(Protocol):
    @property
    def owner(self) -> "User":  # the User who asked; the runner checks what they may still see
        ...

    @property
    def parameters(self) -> dict[str, Any]: ...

    @property
    def path(self) -> Path:  # write the result here (the runner creates the file)
        ...

    def progress(self, done: int, total: int | None = None, step: str = "") -> None: ...


Runner = Callable[[Work], Output]
AccessCheck = Callable[["User", dict[str, Any]], object]  # (owner, parameters); raises when the owner may not see it


@dataclass(frozen=True)
class Kind:
    run: Runner
    access: AccessCheck


KINDS: dict[str, Kind] = {}


def register(kind: str, *, access: AccessCheck) -> Callable[[Runner], Runner]:
    def decorate(runner: Runner) -> Runner:
        if kind in KINDS and KINDS[kind].run is not runner:
            raise RuntimeError(f"Two runners for the job kind {kind!r}.")
        KINDS[kind] = Kind(run=runner, access=access)
        return runner

    return decorate


def kind_of(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"No job kind {name!r} is registered (is its app's jobs.py importable?).") from None


def runner_for(kind: str) -> Runner:
    return kind_of(kind).run
