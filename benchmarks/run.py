"""`make bench [SIZE=N]`: ServiceCulture at scale, each measure side by side with its physical floor.

    SIZE=1000000 .venv/bin/python -m benchmarks.run [--size N] [--keep]

Builds a scratch database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/sc_bench_data; it
is dropped and made again): migrate, seed_demo, then SIZE responses with seven answers each over two years
(benchmarks/data.py, set-based SQL). The pages measured at the demo's size are measured before the
responses are added. Then each row is measured against its floor in the same run, alternating project and
floor rounds, median of three, and the table is printed.

Exit status: 1 on an error or when the report rows differ from the hand-written SQL's; at the full size
(1,000,000) also when a goal is missed. Below it the goals are shown but not judged.
"""

import datetime
import gzip
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
FULL_SIZE = 1_000_000
PORT = int(os.environ.get("BENCH_PORT", "8120"))
CLIENTS = 8
# Median of three rounds; BENCH_ROUNDS=1 for a smoke test (CI), where only completion and equality count.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# BENCH_ONLY=submissions,csv: build the data, then measure only those rows (minutes, not an hour). The keys:
# reports (compute_metrics, the incremental day, dashboard and inbox pages), csv, xlsx, submissions.
ONLY = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))


def measured(key: str) -> bool:
    return not ONLY or key in ONLY


def configure() -> tuple[int, bool, str]:
    """Read the arguments and set the environment every process of the run shares (before Django loads)."""
    args = sys.argv[1:]
    size = int(os.environ.get("SIZE") or FULL_SIZE)
    if "--size" in args:
        size = int(args[args.index("--size") + 1])
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sc_bench_data")
    os.environ.update(
        {
            "DATABASE_URL": url,
            # This worktree's code in every process (the virtualenv's editable install may point elsewhere).
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DEBUG": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789"),
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            # Residents arrive through the proxy, one address each (the load generator says which).
            "CLIENT_ADDRESS_HEADER": "HTTP_X_FORWARDED_FOR",
            "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
            "JOBS_DIR": tempfile.mkdtemp(prefix="sc-bench-jobs-"),
            "JOBS_MAX_ACTIVE_PER_USER": "50",
        }
    )
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
    return size, "--keep" in args, url


def sh(*command: str, env: dict | None = None, quiet: bool = True) -> None:
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL if quiet else None)


def manage(*command: str, debug: bool = False) -> None:
    env = {**os.environ, "DEBUG": "true" if debug else "false"}
    sh(sys.executable, "manage.py", *command, env=env)


def recreate_database(url: str) -> None:
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not name.startswith("sc_bench"):
        raise SystemExit(f"The benchmark drops its database: give it a scratch one named sc_bench*, not {name!r}.")
    options = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432), "-U", parts.username or "postgres"]
    sh("dropdb", "--if-exists", "--force", *options, name)
    sh("createdb", *options, name)


def median_of(function: Callable[[], float]) -> float:
    return statistics.median(function() for _round in range(ROUNDS))


def timed(function: Callable[[], object]) -> float:
    began = time.perf_counter()
    function()
    return time.perf_counter() - began


def alternate(project: Callable[[], float], floor: Callable[[], float]) -> tuple[float, float]:
    """Project and floor rounds taken in turn (so a slow patch of the machine hits both); medians."""
    project_values, floor_values = [], []
    for _round in range(ROUNDS):
        project_values.append(project())
        floor_values.append(floor())
    return statistics.median(project_values), statistics.median(floor_values)


@dataclass
class Row:
    measure: str
    project: str
    floor: str
    ratio: float | None
    goal: str
    met: bool | None


# --- pages, in this process ------------------------------------------------------------------------------


def page_cost(path: str) -> tuple[float, int]:
    """Median seconds and the statement count of one signed-in GET of a page (program admin), in process."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.mfa import ENROLLED_SESSION_KEY

    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    session = client.session  # a program admin's session has used a second factor (accounts/mfa.py)
    session[ENROLLED_SESSION_KEY] = True
    session.save()

    def once() -> float:
        began = time.perf_counter()
        response = client.get(path, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        return time.perf_counter() - began

    once()  # warm: templates, translations, the first connection
    with CaptureQueriesContext(connection) as captured:
        once()
    statements = len(captured)  # now: the log it reads is cleared by the next request
    return median_of(once), statements


# --- the report tables -----------------------------------------------------------------------------------


def compute_full() -> float:
    from reports.models import RunStatus
    from reports.services import compute_metrics

    began = time.perf_counter()
    run = compute_metrics(full=True)
    seconds = time.perf_counter() - began
    if run.status != RunStatus.SUCCEEDED:
        raise RuntimeError(f"compute_metrics --full: {run.status} {run.error}")
    return seconds


def floor_full() -> float:
    from benchmarks import report_sql

    return timed(report_sql.run_floor)


# --- gunicorn and the resident form ----------------------------------------------------------------------


class Server:
    """gunicorn with the production config (gunicorn.conf.py), DEBUG off, on 127.0.0.1 only."""

    def __init__(self) -> None:
        env = {**os.environ, "GUNICORN_LOG_LEVEL": "warning"}
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--chdir",
                str(ROOT),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _headers, _body = request("GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def request(method: str, path: str, body: str = "", headers: dict | None = None, timeout: float = 60):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    try:
        connection.request(
            method,
            path,
            body=body.encode() if body else None,
            headers={"Host": f"127.0.0.1:{PORT}", "X-Forwarded-Proto": "https", **(headers or {})},
        )
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


class Resident:
    """One submission: GET the form, then POST it with the CSRF cookie and token, as a browser does."""

    def __init__(self, path: str, answers: dict[str, str]) -> None:
        self.path, self.answers = path, answers

    def __call__(self, address: str) -> float:
        origin = f"https://127.0.0.1:{PORT}"
        headers = {"X-Forwarded-For": address}
        status, response_headers, body = request("GET", self.path, headers=headers)
        if status != 200:
            raise RuntimeError(f"GET {self.path}: {status}")
        cookie = next(
            (
                m.group(1)
                for name, value in response_headers
                if name.lower() == "set-cookie"
                for m in [CSRF_COOKIE.search(value)]
                if m
            ),
            None,
        )
        token = TOKEN.search(body)
        if not cookie or not token:
            raise RuntimeError(f"GET {self.path}: no CSRF cookie or token")
        form = {"csrfmiddlewaretoken": token.group(1).decode(), **self.answers}
        began = time.perf_counter()
        status, _headers, _body = request(
            "POST",
            self.path,
            body=urlencode(form),
            headers={
                **headers,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie}",
                "Origin": origin,
                "Referer": origin + self.path,
            },
        )
        if status != 302:
            raise RuntimeError(f"POST {self.path}: {status}")
        return time.perf_counter() - began


_addresses = iter(range(1, 10**9))
_address_lock = threading.Lock()


def next_address() -> str:
    """A new resident's address for each submission (the rate limit counts per address, as in production)."""
    with _address_lock:
        n = next(_addresses)
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def load(submit: Callable[[str], float], count: int, limit_s: float) -> tuple[float, float, int]:
    """`count` submissions by CLIENTS threads, stopping at `limit_s`: (submissions/s, POST p95 s, errors)."""
    latencies: list[float] = []
    errors: list[str] = []
    remaining = [count]
    lock = threading.Lock()
    deadline = time.monotonic() + limit_s

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            try:
                latency = submit(next_address())
            except (OSError, RuntimeError) as failure:
                with lock:
                    errors.append(str(failure))
                continue
            with lock:
                latencies.append(latency)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        print(f"  {len(errors)} failed submissions, e.g. {errors[0]}", file=sys.stderr)
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) >= 2 else float("nan")
    return len(latencies) / elapsed, p95, len(errors)


def resident_page_kib(path: str) -> float:
    """The resident form as a phone downloads it: the HTML gzipped (as the proxy sends it) plus every same-site
    stylesheet, script and image it links, as served with Accept-Encoding: gzip."""
    status, _headers, body = request("GET", path, headers={"X-Forwarded-For": "10.255.255.254"})
    if status != 200:
        raise RuntimeError(f"GET {path}: {status}")
    total = len(gzip.compress(body, compresslevel=6))
    for asset in sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', body))):
        status, headers, content = request("GET", asset.decode(), headers={"Accept-Encoding": "gzip"})
        if status != 200:
            raise RuntimeError(f"GET {asset.decode()}: {status}")
        encoded = any(name.lower() == "content-encoding" for name, _value in headers)
        total += len(content) if encoded else len(gzip.compress(content, compresslevel=6))
    return total / 1024


# --- exports ---------------------------------------------------------------------------------------------


def export_job(format: str, filters: dict) -> dict:
    """Run one export job in its own process while watching its progress from here."""
    from jobs.models import Job

    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.export_job", format, json.dumps(filters)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    job_id = json.loads(child.stdout.readline())["started"]
    progress_seen = False
    while child.poll() is None:
        done, total = Job.objects.filter(pk=job_id).values_list("progress_done", "progress_total").get()
        progress_seen |= total is not None and 0 < done < total
        time.sleep(0.2)
    if child.returncode:
        raise RuntimeError(f"the {format} export job's process failed ({child.returncode})")
    result = json.loads(child.stdout.read().strip().splitlines()[-1])
    if result["status"] != "done":
        raise RuntimeError(f"the {format} export job ended {result['status']}: {result['error']}")
    result["progress_seen"] = progress_seen
    return result


def copy_export(where: str, params: list) -> tuple[float, int, int]:
    """The floor of an export: PostgreSQL's COPY ... TO STDOUT of the same columns, written to a file."""
    from django.db import connection

    from benchmarks.copy_sql import export_query

    with tempfile.TemporaryFile() as handle:
        began = time.perf_counter()
        with connection.cursor() as cursor:
            query = cursor.mogrify(*export_query(where, params)).decode()
            cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER true)", handle)
        seconds = time.perf_counter() - began
        size = handle.tell()
        handle.seek(0)
        lines = sum(1 for _line in handle) - 1
    return seconds, size, lines


# --- the run ---------------------------------------------------------------------------------------------


def main() -> int:
    size, keep, url = configure()
    sys.path.insert(0, str(ROOT))
    print(f"make bench: SIZE={size:,} on {urlparse(url).path.lstrip('/')}, {os.cpu_count()} cores", flush=True)
    began = time.perf_counter()
    recreate_database(url)
    manage("migrate", "--noinput")
    manage("seed_demo", debug=True)  # the demo organisation, surveys, links, people; it runs compute_metrics
    manage("collectstatic", "--noinput")
    print(f"  demo organisation and static files: {time.perf_counter() - began:.0f} s", flush=True)

    import django

    django.setup()

    from django.db import connection

    from benchmarks import data
    from benchmarks.floor import CREATE_TABLE

    errors: list[str] = []
    demo_pages = (page_cost("/surveys/responses/"), page_cost("/reports/")) if measured("reports") else None

    began = time.perf_counter()
    made = data.build(size)
    print(f"  {made:,} responses and {made * 7:,} answers made in {time.perf_counter() - began:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)

    rows = [] if demo_pages is None else report_rows(size, demo_pages, errors)
    rows += csv_rows(errors) if measured("csv") else []
    rows += xlsx_rows(size, errors) if measured("xlsx") else []
    resident = submissions(size, errors) if measured("submissions") else []
    rows = resident[:2] + rows + resident[2:]

    print_table(size, rows)
    for error in errors:
        print(f"ERROR: {error}")
    if not keep:
        connection.close()
    judged = size >= FULL_SIZE and not ONLY
    missed = [row.measure.strip() for row in rows if row.met is False]
    if missed and judged:
        print(f"Goals missed: {', '.join(missed)}")
    elif missed:
        print(f"(SIZE {size:,} is below {FULL_SIZE:,} or one row was run: goals are shown, judged on a full run.)")
    return 1 if errors or (judged and missed) else 0


def report_rows(size: int, demo_pages: tuple[tuple[float, int], tuple[float, int]], errors: list[str]) -> list[Row]:
    """The report tables against the hand-written SQL, and the pages at SIZE against the demo's."""
    from benchmarks import data, report_sql
    from reports.services import compute_metrics

    (demo_inbox, demo_inbox_queries), (demo_dashboard, demo_dashboard_queries) = demo_pages
    rows: list[Row] = []

    # compute_metrics --full against the two statements, then the report rows compared row for row.
    full, floor = alternate(compute_full, floor_full)
    found = report_sql.differences()
    errors += [f"report rows: {difference}" for difference in found]
    rows.append(
        Row("compute_metrics --full", f"{full:.2f} s", f"{floor:.2f} s", full / floor, "<= 1.5x", full / floor <= 1.5)
    )
    rows.append(Row("  report rows equal to the SQL's", "yes" if not found else "NO", "", None, "equal", not found))

    data.add_new_day(size)
    began = time.perf_counter()
    run = compute_metrics()
    incremental = time.perf_counter() - began
    rows.append(
        Row(
            "one new day, incremental",
            f"{incremental:.2f} s ({run.days} days)",
            f"full {full:.2f} s",
            incremental / full,
            "<= 0.02x full",
            incremental / full <= 0.02,
        )
    )
    report_sql.run_floor()
    found = report_sql.differences()
    errors += [f"report rows after the incremental run: {difference}" for difference in found]

    inbox, inbox_queries = page_cost("/surveys/responses/")
    dashboard, dashboard_queries = page_cost("/reports/")
    rows.append(
        Row(
            "dashboard, SIZE vs demo",
            f"{dashboard * 1000:.0f} ms, {dashboard_queries} q",
            f"{demo_dashboard * 1000:.0f} ms, {demo_dashboard_queries} q",
            dashboard / demo_dashboard,
            "<= 1.25x, same q",
            dashboard / demo_dashboard <= 1.25 and dashboard_queries == demo_dashboard_queries,
        )
    )
    rows.append(
        Row(
            "inbox page, SIZE vs demo",
            f"{inbox * 1000:.0f} ms, {inbox_queries} q",
            f"{demo_inbox * 1000:.0f} ms, {demo_inbox_queries} q",
            inbox / demo_inbox,
            "<= 1.25x",
            inbox / demo_inbox <= 1.25,
        )
    )

    return rows


def csv_rows(errors: list[str]) -> list[Row]:
    """The CSV export job of every response, as a worker runs it, against COPY of the same columns."""
    everything = {"box": ["all"]}
    project_runs: list[dict] = []

    def project_csv() -> float:
        project_runs.append(export_job("csv", everything))
        return project_runs[-1]["seconds"]

    copies: list[tuple] = []

    def floor_csv() -> float:
        copies.append(copy_export("r.deleted_at IS NULL", []))
        return copies[-1][0]

    csv_s, copy_s = alternate(project_csv, floor_csv)
    peak = max(run["peak_rss_mib"] for run in project_runs)
    if project_runs[-1]["rows"] != copies[-1][2]:
        errors.append(f"CSV export: {project_runs[-1]['rows']} rows, COPY {copies[-1][2]}")
    return [
        Row(
            "CSV export, all responses",
            f"{csv_s:.1f} s, {project_runs[-1]['bytes'] / 2**20:.0f} MiB, peak RSS {peak:.0f} MiB",
            f"COPY {copy_s:.2f} s",
            csv_s / copy_s,
            "<= 4x, < 250 MB",
            csv_s / copy_s <= 4 and peak * 2**20 < 250e6,
        )
    ]


def xlsx_rows(size: int, errors: list[str]) -> list[Row]:
    """The XLSX export job of about 85,000 responses (the most recent days) against COPY of the same rows."""
    from django.utils import timezone

    from benchmarks import data

    days = max(1, -(-data.DAYS * 85_000 // size))
    since = timezone.localdate() - datetime.timedelta(days=days)
    recent = {"box": ["all"], "submitted_from": [since.isoformat()]}
    xlsx_runs: list[dict] = []
    xlsx_copies: list[tuple] = []

    def project_xlsx() -> float:
        xlsx_runs.append(export_job("xlsx", recent))
        return xlsx_runs[-1]["seconds"]

    def floor_xlsx() -> float:
        xlsx_copies.append(copy_export("r.deleted_at IS NULL AND r.submitted_at >= %s", [data.local_midnight(since)]))
        return xlsx_copies[-1][0]

    xlsx_s, xlsx_copy_s = alternate(project_xlsx, floor_xlsx)
    if xlsx_runs[-1]["rows"] != xlsx_copies[-1][2]:
        errors.append(f"XLSX export: {xlsx_runs[-1]['rows']} rows, COPY {xlsx_copies[-1][2]}")
    progress = all(run["progress_seen"] for run in xlsx_runs)
    return [
        Row(
            f"XLSX export, {xlsx_runs[-1]['rows']:,} rows",
            f"{xlsx_s:.1f} s as a job, progress {'shown' if progress else 'NOT shown'}",
            f"COPY {xlsx_copy_s:.2f} s",
            xlsx_s / xlsx_copy_s,
            "job with progress",
            progress,
        )
    ]


def submissions(size: int, errors: list[str]) -> list[Row]:
    """The resident form under 8 clients, against the minimal form, on the same gunicorn; and the page's weight."""
    from surveys.models import QuestionKind, SurveyLink

    link = SurveyLink.objects.filter(kind="open", survey__status="live").select_related("survey").first()
    assert link is not None
    answers = {
        f"q{question.pk}": "4" for question in link.survey.questions.all() if question.kind == QuestionKind.AGREEMENT
    }
    project_form = Resident(f"/s/{link.token}/", answers)
    floor_form = Resident("/bench-floor/", {"score": "4", "comment": ""})
    count = 400 if size >= FULL_SIZE else 80
    server = Server()
    try:
        for _warm in range(2):
            project_form(next_address())
            floor_form(next_address())
        results: dict[str, list[tuple[float, float, int]]] = {"project": [], "floor": []}
        for _round in range(ROUNDS):
            results["project"].append(load(project_form, count, 120))
            results["floor"].append(load(floor_form, count, 120))
        page = resident_page_kib(f"/s/{link.token}/")
    finally:
        server.stop()
    for side in ("project", "floor"):
        failed = sum(failures for _rate, _p95, failures in results[side])
        if failed:
            errors.append(f"{side} submissions: {failed} failed")
    rate, floor_rate = (statistics.median(r[0] for r in results[side]) for side in ("project", "floor"))
    p95, floor_p95 = (statistics.median(r[1] for r in results[side]) for side in ("project", "floor"))
    return [
        Row(
            f"resident submissions, {CLIENTS} clients",
            f"{rate:.1f} /s",
            f"{floor_rate:.1f} /s",
            rate / floor_rate,
            ">= 0.5x",
            rate / floor_rate >= 0.5,
        ),
        Row(
            "POST latency p95",
            f"{p95 * 1000:.0f} ms",
            f"{floor_p95 * 1000:.0f} ms",
            p95 / floor_p95,
            "<= 3x",
            p95 / floor_p95 <= 3,
        ),
        Row("resident page, gzip", f"{page:.0f} KB", "", None, "<= 60 KB", page <= 60),
    ]


def print_table(size: int, rows: list[Row]) -> None:
    print(f"\nServiceCulture at {size:,} responses (7 answers each, two years), DEBUG off, PostgreSQL, gunicorn\n")
    header = ("measure", "project", "floor", "ratio", "goal", "met")
    cells = [
        (
            row.measure,
            row.project,
            row.floor,
            "" if row.ratio is None else f"{row.ratio:.2f}x",
            row.goal,
            "" if row.met is None else ("yes" if row.met else "NO"),
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    for line in [header, tuple("-" * width for width in widths), *cells]:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())


if __name__ == "__main__":
    sys.exit(main())
