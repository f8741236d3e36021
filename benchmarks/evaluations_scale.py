"""How the evaluations app scales: opening a cycle, computing a pay plan and the two big pages.

Runs inside one transaction that is rolled back, so it leaves the database as it found it:

    DEBUG=true DATABASE_URL=... .venv/bin/python benchmarks/evaluations_scale.py [employees]

Prints one row per measure with the floor it should stay under.
"""

import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviceculture.settings")

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from evaluations.models import Evaluation, EvaluationStatus, MeritRule, PayPlan  # noqa: E402
from evaluations.services.cycles import open_cycle  # noqa: E402
from evaluations.services.pay import compute_pay_plan  # noqa: E402
from org.models import Department, Employee  # noqa: E402
from org.roles import Role  # noqa: E402
from tests.evaluations.builders import make_cycle, make_template  # noqa: E402

# measure: the most it may take (seconds) or the most queries it may make
FLOORS = {
    "open_cycle_s": 30.0,
    "compute_pay_plan_s": 60.0,
    "evaluation_list_queries": 20,
    "cycle_dashboard_queries": 20,
}


class Rollback(Exception):
    pass


def build(count: int):
    root = Department.objects.create(code="BENCH", name="Benchmark county")
    units = [Department.objects.create(code=f"BENCH-{i}", name=f"Unit {i}", parent=root) for i in range(20)]
    Employee.objects.bulk_create(
        Employee(
            employee_number=f"B{i:06d}",
            first_name="Bench",
            last_name=f"Person{i}",
            job_title="Clerk",
            department=units[i % len(units)],
            base_salary=Decimal("50000"),
            pay_range_minimum=Decimal("40000"),
            pay_range_midpoint=Decimal("50000"),
            pay_range_maximum=Decimal("60000"),
        )
        for i in range(count)
    )
    hr = User.objects.create_user("bench-hr", password="x" * 20)
    hr.groups.add(Group.objects.get_or_create(name=Role.HR.value)[0])
    return root, hr


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def main(count: int) -> dict:
    results = {}
    try:
        with transaction.atomic():
            root, hr = build(count)
            cycle = make_cycle("Benchmark cycle")
            template = make_template("Benchmark template")
            results["open_cycle_s"] = timed(
                lambda: open_cycle(cycle=cycle, departments=[root], by=hr, default_template=template)
            )
            Evaluation.objects.filter(cycle=cycle).update(
                status=EvaluationStatus.FINALISED, score=Decimal("3.90"), band="Exceeds"
            )
            plan = PayPlan.objects.create(cycle=cycle, atb_percent=Decimal("2"))
            MeritRule.objects.create(plan=plan, band="Exceeds", steps=2)
            results["compute_pay_plan_s"] = timed(lambda: compute_pay_plan(plan=plan, by=hr))
            client = Client()
            client.force_login(hr)
            results["evaluation_list_queries"] = queries(client, "/evaluations/all/")
            results["cycle_dashboard_queries"] = queries(client, f"/evaluations/cycles/{cycle.pk}/")
            raise Rollback
    except Rollback:
        pass
    return results


if __name__ == "__main__":
    employees = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(f"evaluations at {employees} employees on {connection.vendor}")
    print(f"{'measure':<26}{'value':>10}{'floor':>10}  ok")
    for measure, value in main(employees).items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{measure:<26}{shown:>10}{FLOORS[measure]:>10}  {'yes' if value <= FLOORS[measure] else 'NO'}")
