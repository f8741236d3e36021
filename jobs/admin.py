from django.contrib import admin
from django.http import HttpRequest

from jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    """Read-only: jobs are started by their owners and run by the workers; admins only look."""

    list_display = ("title", "owner", "kind", "status", "attempts", "created_at", "finished_at", "expires_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "owner__username")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False
