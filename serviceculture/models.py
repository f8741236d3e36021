"""The one table of the project package itself: the row /healthz writes to prove the database takes writes.

It lives here rather than in a domain app because a health check belongs to no domain, and every app may be
checked by it without any of them importing another.
"""

from django.db import models


class HealthProbe(models.Model):
    """One row (pk 1), rewritten by every health check."""

    checked_at = models.DateTimeField()

    class Meta:
        verbose_name = "health probe"

    def __str__(self) -> str:
        return f"health probe checked at {self.checked_at:%Y-%m-%d %H:%M:%S}"
