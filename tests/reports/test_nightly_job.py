"""The metrics job as a whole: idempotent, incremental, repairable after a crash, never overlapping."""

import os
import select
import signal
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from reports.models import (
    MetricsLock,
    MetricsRun,
    RunStatus,
    SurveyDriverDay,
    SurveyMetricDay,
)
from reports.services import compute_metrics, survey_metrics
from reports.services import runs as runs_module
from tests.servers import worker_environment

pytestmark = pytest.mark.django_db

SURVEY_FIELDS = (
    "day",
    "department",
    "service_point",
    "channel",
    "survey",
    "responses",
    "link_views",
    "follow_ups",
    "compliments",
)
DRIVER_FIELDS = (
    "day",
    "department",
    "service_point",
    "channel",
    "survey",
    "driver",
    "answers",
    "satisfied",
    "scored",
    "score_sum",
)


def _tables() -> tuple[list, list]:
    return (
        sorted(SurveyMetricDay.objects.values_list(*SURVEY_FIELDS)),
        sorted(SurveyDriverDay.objects.values_list(*DRIVER_FIELDS)),
    )


def _days_ago(days: int, hour: int = 12):
    return timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0) - timedelta(days=days)


@pytest.fixture
def history(kit, org):
    """Responses spread over the last two months, at two service points."""
    for days in (60, 45, 40, 30, 20, 2, 1):
        kit.respond(at=_days_ago(days), satisfaction=days % 5 + 1, trust=days % 2 == 0)
        kit.respond(at=_days_ago(days, 9), service_point=org.clinic_desk, satisfaction=4)
    return kit


def test_a_run_is_logged_with_what_it_did(history):
    run = compute_metrics(full=True)
    assert run.status == RunStatus.SUCCEEDED
    assert run.finished_at >= run.started_at
    assert run.days == 61  # every local day from the first response to today
    assert run.rows == SurveyMetricDay.objects.count() + SurveyDriverDay.objects.count()


def test_running_twice_gives_identical_tables(history):
    compute_metrics(full=True)
    first = _tables()
    compute_metrics(full=True)
    assert _tables() == first
    compute_metrics()
    assert _tables() == first


def test_a_full_run_leaves_postgresql_statistics_of_what_the_dashboards_read(history):
    """Without them PostgreSQL guesses: a table never analysed (the few surveys) was taken for one row."""
    from django.db import connection

    from reports.services.runs import DASHBOARD_TABLES

    def estimated(table: str) -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return cursor.fetchone()[0]

    compute_metrics(full=True)
    for model in DASHBOARD_TABLES:
        assert estimated(model._meta.db_table) == model.objects.count(), model.__name__


def test_a_run_after_one_new_response_touches_only_that_day_and_the_late_window(history, settings):
    settings.METRICS_LATE_DAYS = 3
    full = compute_metrics(full=True)
    new = history.respond(at=_days_ago(40, 15), satisfaction=5)

    run = compute_metrics()

    assert run.days == 1 + 4  # the changed day, and today with the three days before it
    rewritten = set(SurveyMetricDay.objects.filter(run=run).values_list("day", flat=True))
    assert timezone.localtime(new.submitted_at).date() in rewritten
    assert SurveyMetricDay.objects.filter(run=full).exists()  # the other days keep the full run's rows
    assert sum(SurveyMetricDay.objects.values_list("responses", flat=True)) == 15


def test_link_views_counted_while_nightly_runs_were_missed_are_picked_up(history, org, settings):
    settings.METRICS_LATE_DAYS = 1
    full = compute_metrics(full=True)
    MetricsRun.objects.filter(pk=full.pk).update(started_at=timezone.now() - timedelta(days=6))  # a week without runs
    five_days_ago = timezone.localdate() - timedelta(days=5)
    history.views(day=five_days_ago, count=9)  # the form was shown that day; no response came of it

    run = compute_metrics()

    row = SurveyMetricDay.objects.get(day=five_days_ago, service_point=org.counter)
    assert (row.run_id, row.link_views, row.responses) == (run.pk, 9, 0)


def test_a_response_marked_spam_disappears_at_the_next_run(history):
    compute_metrics(full=True)
    victim = history.respond(at=_days_ago(30, 8), satisfaction=1)
    compute_metrics()
    assert sum(SurveyMetricDay.objects.values_list("responses", flat=True)) == 15
    victim.is_spam = True
    victim.save()
    compute_metrics()
    assert sum(SurveyMetricDay.objects.values_list("responses", flat=True)) == 14


def test_a_run_killed_half_way_keeps_old_data_and_the_next_run_repairs_it(history, monkeypatch):
    compute_metrics(full=True)
    before = _tables()
    history.respond(at=_days_ago(45, 16), satisfaction=1)
    history.respond(at=_days_ago(20, 16), satisfaction=1)
    real = survey_metrics.recompute_survey_days
    calls = []

    def dies_on_the_second_range(**kwargs):
        calls.append(kwargs["first"])
        if len(calls) == 2:
            real(**kwargs)  # the work is done ... and then the process dies before the commit
            raise SystemExit("killed")
        return real(**kwargs)

    monkeypatch.setattr(survey_metrics, "recompute_survey_days", dies_on_the_second_range)
    with pytest.raises(SystemExit):
        compute_metrics()
    monkeypatch.undo()

    killed = MetricsRun.objects.latest("started_at")
    assert killed.status == RunStatus.RUNNING  # a killed process never logs its end, so it never counts as good
    responses = sum(SurveyMetricDay.objects.values_list("responses", flat=True))
    assert responses == 15  # the first range was committed, the second rolled back to the old figures
    assert _tables() != before

    repaired = compute_metrics()
    assert repaired.status == RunStatus.SUCCEEDED
    after_repair = _tables()
    compute_metrics(full=True)
    assert _tables() == after_repair
    assert sum(SurveyMetricDay.objects.values_list("responses", flat=True)) == 16


# A run in another process that stops inside its second day range, inside that range's open transaction.
STALLING_RUN = """
import time
import django

django.setup()
from reports.services import compute_metrics, survey_metrics

real = survey_metrics.recompute_survey_days
ranges = []


def stalls_in_the_second_range(**kwargs):
    ranges.append(kwargs["first"])
    rows = real(**kwargs)
    if len(ranges) == 2:
        print("inside the second range", flush=True)
        time.sleep(120)
    return rows


survey_metrics.recompute_survey_days = stalls_in_the_second_range
compute_metrics()
"""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_run_killed_with_sigkill_is_repaired_by_the_next_run(history):
    compute_metrics(full=True)
    history.respond(at=_days_ago(45, 16), satisfaction=1)
    history.respond(at=_days_ago(20, 16), satisfaction=1)
    child = subprocess.Popen(
        [sys.executable, "-c", STALLING_RUN],
        env={**worker_environment(), "DJANGO_SETTINGS_MODULE": "serviceculture.settings"},
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None  # stdout=PIPE
    try:
        ready, _, _ = select.select([child.stdout], [], [], 60)
        assert ready and child.stdout.readline().startswith("inside"), "the child run never reached its second range"
    finally:
        child.kill()  # SIGKILL: no finally block, no lock release, no log line
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    killed = MetricsRun.objects.latest("started_at")
    assert killed.status == RunStatus.RUNNING
    assert MetricsLock.objects.get().pid == child.pid  # the dead run still holds the lock, with a long lease
    assert sum(SurveyMetricDay.objects.values_list("responses", flat=True)) == 15  # first range committed only

    repaired = compute_metrics()  # same host, holder gone: takes the lock over at once
    assert repaired.status == RunStatus.SUCCEEDED
    assert sum(SurveyMetricDay.objects.values_list("responses", flat=True)) == 16
    killed.refresh_from_db()
    assert killed.status == RunStatus.KILLED
    assert killed.error == (
        f"Process {child.pid} on host {socket.gethostname()} was gone when run #{repaired.pk} took the lock over."
    )
    assert repaired.started_at <= killed.finished_at <= repaired.finished_at
    after_repair = _tables()
    compute_metrics(full=True)
    assert _tables() == after_repair


def test_an_error_is_logged_on_the_run(history, monkeypatch):
    def breaks(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(survey_metrics, "recompute_survey_days", breaks)
    with pytest.raises(RuntimeError):
        compute_metrics(full=True)
    failed = MetricsRun.objects.get()
    assert failed.status == RunStatus.FAILED and "disk full" in failed.error
    assert runs_module.acquire_lock("next")  # the lock was given back


def test_a_second_run_while_one_holds_the_lock_is_skipped(history):
    assert runs_module.acquire_lock("someone-else")
    run = compute_metrics(full=True)
    assert run.status == RunStatus.SKIPPED
    assert not SurveyMetricDay.objects.exists()
    with pytest.raises(CommandError, match="in progress"):
        call_command("compute_metrics")


def _dead_pid() -> int:
    """The id of a process that has just ended (and been reaped), so no process has it now."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _lock_held_by(*, host: str, pid: int) -> MetricsLock:
    """The lock as an earlier run left it (its own MetricsRun row, so its id is never the next run's)."""
    now = timezone.now()
    earlier = MetricsRun.objects.create(started_at=now - timedelta(minutes=10))
    return MetricsLock.objects.create(
        name=runs_module.LOCK_NAME,
        holder=f"{earlier.pk}:killed",
        host=host,
        pid=pid,
        taken_at=now - timedelta(minutes=10),
        expires_at=now + timedelta(hours=1),
    )


def test_a_run_on_the_same_host_takes_over_the_lock_of_a_killed_process_at_once(history):
    _lock_held_by(host=socket.gethostname(), pid=_dead_pid())
    run = compute_metrics()
    assert run.status == RunStatus.SUCCEEDED
    assert SurveyMetricDay.objects.exists()
    assert MetricsLock.objects.get().holder == ""


def test_a_live_holder_on_the_same_host_keeps_the_lock(history):
    _lock_held_by(host=socket.gethostname(), pid=os.getppid())  # the process that started the tests: alive
    skipped = compute_metrics()
    assert skipped.status == RunStatus.SKIPPED
    holder = MetricsLock.objects.get().holder
    assert holder.endswith(":killed")  # still the earlier run's
    run_id = holder.partition(":")[0]
    assert (
        f"Metrics run {run_id} holds the lock on host {socket.gethostname()} (process {os.getppid()})" in skipped.error
    )


def test_a_holder_on_another_host_keeps_the_lock_until_its_lease_runs_out(history):
    _lock_held_by(host="another-worker", pid=_dead_pid())  # its pid means nothing here
    assert compute_metrics().status == RunStatus.SKIPPED
    MetricsLock.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert compute_metrics().status == RunStatus.SUCCEEDED


def test_the_refusal_says_who_holds_the_lock_since_when_and_how_to_free_it(history, settings):
    settings.TIME_ZONE = "UTC"
    lock = _lock_held_by(host="another-worker", pid=4242)
    with pytest.raises(CommandError) as refused:
        call_command("compute_metrics")
    message = str(refused.value)
    assert f"Metrics run {lock.holder.partition(':')[0]}" in message and "host another-worker (process 4242)" in message
    assert f"since {lock.taken_at:%Y-%m-%d %H:%M}" in message
    assert "--break-lock" in message
    assert not SurveyMetricDay.objects.exists()

    call_command("compute_metrics", "--break-lock")
    assert SurveyMetricDay.objects.exists()
    assert MetricsRun.objects.latest("started_at").status == RunStatus.SUCCEEDED


def test_a_run_whose_lease_ran_out_is_marked_killed_by_the_run_that_takes_over(history, settings):
    settings.TIME_ZONE = "UTC"
    lost = MetricsRun.objects.create(started_at=timezone.now() - timedelta(hours=3))
    lock = _lock_held_by(host="another-worker", pid=4242)
    MetricsLock.objects.update(holder=f"{lost.pk}:gone", expires_at=lock.taken_at + timedelta(minutes=5))
    run = compute_metrics()
    assert run.status == RunStatus.SUCCEEDED
    lost.refresh_from_db()
    assert lost.status == RunStatus.KILLED
    expired = lock.taken_at + timedelta(minutes=5)
    assert lost.error == (
        f"The lease of process 4242 on host another-worker ran out at {expired:%Y-%m-%d %H:%M:%S} UTC without "
        f"renewal when run #{run.pk} took the lock over."
    )


def test_breaking_the_lock_marks_the_run_that_held_it_killed(history):
    stuck = MetricsRun.objects.create(started_at=timezone.now() - timedelta(hours=1))
    _lock_held_by(host="another-worker", pid=4242)
    MetricsLock.objects.update(holder=f"{stuck.pk}:stuck")
    call_command("compute_metrics", "--break-lock")
    stuck.refresh_from_db()
    assert stuck.status == RunStatus.KILLED
    assert (
        stuck.error
        == "Process 4242 on host another-worker still held the lock when compute_metrics --break-lock broke it."
    )
    assert MetricsRun.objects.latest("started_at").status == RunStatus.SUCCEEDED


def test_a_program_admin_deleting_the_lock_in_admin_frees_it_and_marks_the_run(history, org, client):
    stuck = MetricsRun.objects.create(started_at=timezone.now() - timedelta(hours=1))
    lock = _lock_held_by(host="another-worker", pid=4242)
    MetricsLock.objects.update(holder=f"{stuck.pk}:stuck")
    client.force_login(org.admin_user)
    client.post(f"/admin/reports/metricslock/{lock.pk}/delete/", {"post": "yes"})
    assert MetricsLock.objects.get().holder == ""
    stuck.refresh_from_db()
    assert stuck.status == RunStatus.KILLED and f"{org.admin_user} (deleting the lock in admin)" in stuck.error
    listing = client.get("/admin/reports/metricsrun/").content.decode()
    assert "Killed" in listing and "still held the lock when" in listing


def test_a_run_that_finished_normally_is_never_marked_killed(history):
    first = compute_metrics(full=True)
    second = compute_metrics()
    first.refresh_from_db()
    assert (first.status, second.status) == (RunStatus.SUCCEEDED, RunStatus.SUCCEEDED)
    assert first.error == ""


def test_a_lease_left_by_a_killed_run_expires(history):
    MetricsLock.objects.create(
        name=runs_module.LOCK_NAME, holder="dead-run", expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert compute_metrics().status == RunStatus.SUCCEEDED
    lock = MetricsLock.objects.get()
    assert lock.holder == ""  # released at the end


def test_the_lock_cannot_be_taken_twice():
    assert runs_module.acquire_lock("first")
    assert not runs_module.acquire_lock("second")
    runs_module.release_lock("second")  # only the holder can release it
    assert not runs_module.acquire_lock("second")
    runs_module.release_lock("first")
    assert runs_module.acquire_lock("second")


def test_the_command_takes_full_and_since(history, capsys):
    call_command("compute_metrics", "--full")
    since = (timezone.localdate() - timedelta(days=5)).isoformat()
    call_command("compute_metrics", "--since", since)
    run = MetricsRun.objects.latest("started_at")
    assert run.since.isoformat() == since and run.days == 6
    assert "days recomputed" in capsys.readouterr().out
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("compute_metrics", "--since", "yesterday")


def test_the_nightly_task_runs_the_same_service(history):
    from reports.tasks import compute_nightly_metrics

    run_id = compute_nightly_metrics.apply().get()
    assert MetricsRun.objects.get(pk=run_id).status == RunStatus.SUCCEEDED
    assert SurveyMetricDay.objects.exists()


def test_the_beat_entry_runs_nightly_at_the_configured_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-nightly-metrics"]
    assert entry["task"] == "reports.compute_nightly_metrics"
    assert entry["schedule"].hour == {settings.NIGHTLY_HOUR}
    assert entry["options"]["expires"] > 0


def test_if_changed_does_nothing_until_a_source_row_changes(history, capsys):
    call_command("compute_metrics", "--full", "--if-changed")
    assert MetricsRun.objects.count() == 1
    call_command("compute_metrics", "--full", "--if-changed")
    assert MetricsRun.objects.count() == 1
    assert "up to date" in capsys.readouterr().out
    history.respond(at=_days_ago(3), satisfaction=5)
    call_command("compute_metrics", "--if-changed")
    assert MetricsRun.objects.count() == 2


def test_a_run_whose_lock_is_broken_while_it_works_stops_and_stays_marked_killed(history, monkeypatch):
    """Breaking the lock of a live run (it looked stuck) must not leave two runs writing, nor let the first one
    later log itself a success over the reason it was stopped."""
    original = survey_metrics.recompute_survey_days

    def a_person_breaks_the_lock_meanwhile(**kwargs):
        runs_module.break_lock()
        return original(**kwargs)

    monkeypatch.setattr(survey_metrics, "recompute_survey_days", a_person_breaks_the_lock_meanwhile)
    with pytest.raises(runs_module.LockLost):
        compute_metrics(full=True)
    run = MetricsRun.objects.get()
    assert run.status == RunStatus.KILLED and "broke it" in run.error and run.finished_at is not None
