from django.contrib import admin

from jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs are started by their owners and run by the workers; admins only look."""

    list_display = ("title", "owner", "kind", "status", "attempts", "created_at", "finished_at", "expires_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "owner__username")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
