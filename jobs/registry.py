"""The kinds of job the apps offer. Each app registers its own in <app>/jobs.py:

    @register("surveys.export_responses")
    def export_responses(work: Work) -> Output:
        ...write to work.path, call work.progress(done, total, step) now and then...
        return Output(download_name="responses.csv", content_type="text/csv; charset=utf-8")

The function runs in a worker, in the language the person used when they asked, and must rebuild every
object from `work.parameters` through the access rules of its app, as its view does: the person may have
lost access since. A refusal is a PermissionDenied or Http404; a problem a person can act on is a
ValidationError. Its messages are shown to the person as the job's error. Anything else is logged and
shown as a generic failure.

A job may be started again from scratch (a killed worker's job is redelivered), so a runner rewrites its
file from the beginning and has no other side effect.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Output:
    """What the runner wrote: the name the person's browser saves it as, and its type."""

    download_name: str
    content_type: str


class Work(Protocol):
    owner: object  # the User who asked; the runner checks what they may still see
    parameters: dict
    path: Path  # write the result here (the runner creates the file)

    def progress(self, done: int, total: int | None = None, step: str = "") -> None: ...


Runner = Callable[[Work], Output]
RUNNERS: dict[str, Runner] = {}


def register(kind: str) -> Callable[[Runner], Runner]:
    def decorate(runner: Runner) -> Runner:
        if kind in RUNNERS and RUNNERS[kind] is not runner:
            raise RuntimeError(f"Two runners for the job kind {kind!r}.")
        RUNNERS[kind] = runner
        return runner

    return decorate


def runner_for(kind: str) -> Runner:
    try:
        return RUNNERS[kind]
    except KeyError:
        raise LookupError(f"No job kind {kind!r} is registered (is its app's jobs.py importable?).") from None
