"""Frozen report periods: what the retention purge removed the source rows of, kept as it was last computed.

The rules:

- A period is frozen before its source rows are deleted or anonymised, in the same transaction (the purge
  calls `freeze_periods`), and never thawed: the figures reported for it are the record.
- A frozen survey day also freezes the quarter of standard compliance it feeds.
- The metrics job leaves frozen periods alone, incremental or full: it neither rewrites their rows nor deletes
  them as "keys that vanished" (`runs.plan_run` drops them from the plan, `runs._execute` skips frozen cycles).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from reports.models import (
    EvaluationMetric,
    FrozenPeriod,
    FrozenTable,
    StandardCompliance,
    SurveyDriverDay,
    SurveyMetricDay,
    TrainingMetricMonth,
)
from reports.periods import month_start, quarter_start


def freeze_periods(
    *, survey_days: Iterable[date] = (), training_months: Iterable[date] = (), cycle_ids: Iterable[int] = ()
) -> int:
    """Freeze the report periods some source rows feed. Returns how many periods were newly frozen.

    Survey days freeze their quarters too; months are normalised to their first day. Freezing a period twice
    changes nothing.
    """
    days = set(survey_days)
    periods = (
        [FrozenPeriod(table=FrozenTable.SURVEY_DAY, day=day) for day in days]
        + [
            FrozenPeriod(table=FrozenTable.STANDARD_QUARTER, day=quarter)
            for quarter in {quarter_start(d) for d in days}
        ]
        + [FrozenPeriod(table=FrozenTable.TRAINING_MONTH, day=m) for m in {month_start(m) for m in training_months}]
        + [FrozenPeriod(table=FrozenTable.EVALUATION_CYCLE, cycle_id=pk) for pk in set(cycle_ids)]
    )
    before = FrozenPeriod.objects.count()
    FrozenPeriod.objects.bulk_create(periods, ignore_conflicts=True, batch_size=1000)
    return FrozenPeriod.objects.count() - before


def _dates(table: str) -> set[date]:
    return {day for day in FrozenPeriod.objects.filter(table=table).values_list("day", flat=True) if day is not None}


def frozen_survey_days() -> set[date]:
    return _dates(FrozenTable.SURVEY_DAY)


def frozen_training_months() -> set[date]:
    return _dates(FrozenTable.TRAINING_MONTH)


def frozen_quarters() -> set[date]:
    return _dates(FrozenTable.STANDARD_QUARTER)


def frozen_cycle_ids() -> set[int]:
    cycles = FrozenPeriod.objects.filter(table=FrozenTable.EVALUATION_CYCLE).values_list("cycle_id", flat=True)
    return {cycle for cycle in cycles if cycle is not None}


@dataclass(frozen=True)
class FrozenSummary:
    periods: int
    rows: int


def frozen_summary() -> FrozenSummary:
    """How many periods are frozen and how many report rows they hold: what a run kept as it was."""

    def frozen(table: str, column: str = "day") -> Q:
        return Q(**{f"{column}__in": FrozenPeriod.objects.filter(table=table).values(column)})

    rows = (
        SurveyMetricDay.objects.filter(frozen(FrozenTable.SURVEY_DAY)).count()
        + SurveyDriverDay.objects.filter(frozen(FrozenTable.SURVEY_DAY)).count()
        + TrainingMetricMonth.objects.filter(month__in=_period_days(FrozenTable.TRAINING_MONTH)).count()
        + StandardCompliance.objects.filter(quarter__in=_period_days(FrozenTable.STANDARD_QUARTER)).count()
        + EvaluationMetric.objects.filter(frozen(FrozenTable.EVALUATION_CYCLE, "cycle")).count()
    )
    return FrozenSummary(periods=FrozenPeriod.objects.count(), rows=rows)


def _period_days(table: str):
    return FrozenPeriod.objects.filter(table=table).values("day")
