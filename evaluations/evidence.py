"""The evidence panel beside the customer-service criteria: read-only facts for the rater.

Each fact carries its source and period. None of it changes a score: the rater reads it and decides.
"""

from org.models import A11Driver, Department
from surveys.evidence import confirmed_compliments, driver_results
from training.evidence import training_summary

PANEL_DRIVERS = (A11Driver.SATISFACTION, A11Driver.EMPLOYEE)
COMPLIMENTS_SHOWN = 5


def _drivers(results: dict) -> list[dict]:
    empty = {"answers": 0, "satisfied": 0, "share": None}
    return [{"driver": driver.label, **results.get(driver.value, empty)} for driver in PANEL_DRIVERS]


def evidence_for(evaluation) -> dict:
    """Survey results of the employee's service points and department, compliments naming them,
    training and commitments, all for the cycle's period."""
    cycle, employee = evaluation.cycle, evaluation.employee
    start, end = cycle.period_start, cycle.period_end
    points = list(employee.service_points.all())
    compliments = confirmed_compliments(employee=employee, start=start, end=end)
    return {
        "start": start,
        "end": end,
        "service_points": points,
        "point_results": _drivers(driver_results(service_points=points, start=start, end=end)) if points else [],
        "department": evaluation.department,
        # The department with its divisions: a head's or a manager's service is what their units deliver.
        "department_results": _drivers(
            driver_results(departments=Department.objects.subtree(evaluation.department), start=start, end=end)
        ),
        "compliment_count": compliments.count(),
        "compliments": list(compliments[:COMPLIMENTS_SHOWN]),
        "training": training_summary(employee=employee, start=start, end=end),
    }
