"""The operations of the reports app. Views, the task, the command and tests call these."""

from reports.services.runs import compute_metrics, data_as_of

__all__ = ["compute_metrics", "data_as_of"]
