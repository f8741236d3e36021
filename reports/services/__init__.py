"""The operations of the reports app. Views, the task, the command and tests call these."""

from reports.services.runs import anything_changed_since_last_good_run, break_lock, compute_metrics, data_as_of

__all__ = ["anything_changed_since_last_good_run", "break_lock", "compute_metrics", "data_as_of"]
