"""Demo retention: one legal hold in force and one lifted, so the retention page shows both lists.

Idempotent: a second seed finds the holds by their reasons and adds nothing.
"""

from django.contrib.auth.models import User
from django.db.models import Q

from org.models import Department
from retention.models import LegalHold
from retention.services import lift_hold, place_hold

ACTIVE_REASON = "Public records request PRR-2026-041 about the water billing counter: keep until answered."
LIFTED_REASON = "Grievance appeal closed by the county attorney."


def seed_retention() -> None:
    admin = User.objects.get(username="admin")
    water = Department.objects.filter(Q(name__icontains="water")).order_by("path").first()
    if water is None:
        return
    parks = Department.objects.exclude(pk=water.pk).order_by("-path").first()
    if not LegalHold.objects.filter(reason=ACTIVE_REASON).exists():
        place_hold(target=water, reason=ACTIVE_REASON, by=admin)
    if parks is not None and not LegalHold.objects.filter(reason=LIFTED_REASON).exists():
        lift_hold(hold=place_hold(target=parks, reason=LIFTED_REASON, by=admin), by=admin)
