"""The app's URLs plus the floor's minimal form at /bench-floor/ (benchmarks.settings only)."""

from django.urls import include, path

from benchmarks.floor import MinimalFormView

urlpatterns = [
    path("bench-floor/", MinimalFormView.as_view(), name="bench_floor"),
    path("", include("serviceculture.urls")),
]
