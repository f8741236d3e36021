"""The benchmark's settings: the production settings, with the floor's minimal view mounted beside the app.

Only `make bench` uses this module (DJANGO_SETTINGS_MODULE=benchmarks.settings); the app's own urlconf never
carries the floor view.
"""

from serviceculture.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
