"""The quarterly A-11 customer-experience export (OMB Circular A-11, section 280), per service and channel.

A service here is a service point; it serves through one channel. The volume served is entered by program
admins each quarter (ServedVolume); the rest comes from the survey report tables.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Sum

from org.models import A11Driver, ServicePoint
from reports.models import ServedVolume, SurveyDriverDay, SurveyMetricDay
from reports.periods import quarter_end, quarter_label
from reports.services.standard_metrics import satisfied_percent
from surveys.audiences import answered_by_residents

# performance.gov column -> A-11 driver
DRIVER_COLUMNS = {
    "satisfied": A11Driver.SATISFACTION,
    "trust": A11Driver.TRUST,
    "effective": A11Driver.EFFECTIVENESS,
    "easy": A11Driver.EASE,
    "efficient": A11Driver.EFFICIENCY,
    "transparent": A11Driver.EQUITY,
    "employee": A11Driver.EMPLOYEE,
}
COLUMNS = (
    "quarter",
    "department",
    "service",
    "channel",
    "total_volume",
    "surveys_offered_count",
    "response_count",
    *DRIVER_COLUMNS,
)


def a11_rows(quarter: date) -> list[dict]:
    """One row per service point with residents' responses, views or an entered volume in the quarter.

    Internal-customer surveys (staff rating another department) are never counted here. Driver columns are the percentage of answers that were satisfied (4 or 5, or thumbs up), empty when
    nobody answered that driver.
    """
    in_quarter = {"day__range": (quarter, quarter_end(quarter))}
    surveys = {
        row["service_point"]: row
        for row in SurveyMetricDay.objects.filter(answered_by_residents(), **in_quarter)
        .values("service_point")
        .annotate(responses=Sum("responses"), views=Sum("link_views"))
        .order_by()
    }
    drivers: dict[int, dict] = defaultdict(dict)
    for row in (
        SurveyDriverDay.objects.filter(answered_by_residents(), **in_quarter)
        .values("service_point", "driver")
        .annotate(answers=Sum("answers"), satisfied=Sum("satisfied"))
        .order_by()
    ):
        drivers[row["service_point"]][row["driver"]] = satisfied_percent(row["satisfied"], row["answers"])
    volumes = {volume.service_point_id: volume for volume in ServedVolume.objects.filter(quarter=quarter)}
    points = ServicePoint.objects.filter(pk__in=set(surveys) | set(volumes)).select_related("department")
    rows = []
    for point in points.order_by("department__path", "name"):
        survey = surveys.get(point.pk, {"responses": 0, "views": 0})
        volume = volumes.get(point.pk)
        offered = volume.surveys_offered if volume and volume.surveys_offered is not None else survey["views"]
        rows.append(
            {
                "quarter": quarter_label(quarter),
                "department": point.department.name,
                "service": point.name,
                "channel": point.channel,
                "total_volume": volume.total_volume if volume else None,
                "surveys_offered_count": offered,
                "response_count": survey["responses"],
                **{column: drivers[point.pk].get(driver) for column, driver in DRIVER_COLUMNS.items()},
            }
        )
    return rows
