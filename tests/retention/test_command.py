"""`manage.py purge_records --dry-run` counts per kind and changes nothing, by call_command and as a process."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from retention.models import PurgeRun, RecordKind
from surveys.models import Answer
from tests.reports.conftest import local
from tests.servers import worker_environment

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_dry_run_prints_a_count_for_every_kind_and_removes_nothing(kit):
    kit.respond(at=local(2019, 9, 1, 10), satisfaction=3)
    out = StringIO()
    call_command("purge_records", "--dry-run", stdout=out)
    lines = {line.split()[0]: line.split()[1] for line in out.getvalue().splitlines() if line.startswith("  ")}
    assert set(lines) == set(RecordKind.values)
    assert lines[RecordKind.ANSWERS] == "1"
    assert Answer.objects.count() == 1
    assert PurgeRun.objects.get().dry_run


@pytest.mark.django_db(transaction=True)
def test_the_dry_run_works_as_a_real_process(kit):
    kit.respond(at=local(2019, 9, 1, 10), satisfaction=3)
    result = subprocess.run(
        [sys.executable, "manage.py", "purge_records", "--dry-run"],
        cwd=ROOT,
        env={**worker_environment(), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "answers" in result.stdout and "(dry run)" in result.stdout
    assert Answer.objects.count() == 1
