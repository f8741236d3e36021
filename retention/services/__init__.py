"""The operations of the retention app: the schedule, legal holds and the purge."""

from retention.services.holds import lift_hold, place_hold
from retention.services.purge import purge_records
from retention.services.schedule import set_period

__all__ = ["lift_hold", "place_hold", "purge_records", "set_period"]
