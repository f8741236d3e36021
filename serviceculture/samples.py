"""Small samples: the one rule that decides when a figure rests on too few responses to be trusted.

A share or a mean computed from fewer than `SMALL_SAMPLE_MIN_RESPONSES` responses (30 unless the environment
says otherwise) is still shown, because hiding it would hide the only evidence a small service point has, but
every page marks it as low confidence and says how many responses it rests on, in words and never by colour
alone. A figure resting on no responses at all is not a small sample: it is no figure (a dash).

Every page asks here: the dashboards, /standards/, the annual report and its PDF, the evaluation evidence
panel (through the `sample_note` template tag, serviceculture/templatetags/samples.py) and the trend chart
(through `is_small_sample`). This module sits in serviceculture/ because reports and evaluations both use it
and evaluations may not import reports.
"""

from django.conf import settings


def minimum_responses() -> int:
    return settings.SMALL_SAMPLE_MIN_RESPONSES


def is_small_sample(count: int | None) -> bool:
    """True when a figure rests on at least one response but fewer than the configured minimum."""
    return count is not None and 0 < count < minimum_responses()
