from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Each app declares its heavy work in <app>/jobs.py (jobs.registry.register); importing those modules
        # here fills the registry in the web process and in the worker alike.
        autodiscover_modules("jobs")
