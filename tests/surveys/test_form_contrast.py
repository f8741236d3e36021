"""The edges of the resident form's controls are visible: WCAG 1.4.11 asks 3:1 against what is next to them.

axe-core checks the contrast of text only, so these tests read the colours static/surveys/surveys.css declares
and compute the ratios; tests/browser/test_surveys_resident.py measures the colours the browser shows.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.contrast import contrast_ratio

CSS = (Path(settings.BASE_DIR) / "static" / "surveys" / "surveys.css").read_text(encoding="utf-8")
WHITE = "#ffffff"
BOOTSTRAP_BORDER = "#dee2e6"  # what Bootstrap 5 gives every control's border


def declared(selector: str, prop: str) -> str:
    """The value of `prop` in the rule whose selector list holds `selector` (comments dropped)."""
    css = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        if selector in [part.strip() for part in selectors.split(",")]:
            match = re.search(rf"(?:^|;)\s*{re.escape(prop)}\s*:\s*([^;]+)", body)
            if match:
                return match.group(1).strip()
    raise AssertionError(f"{selector} declares no {prop}")


def test_bootstraps_own_border_is_what_residents_could_not_see():
    assert round(contrast_ratio(BOOTSTRAP_BORDER, WHITE), 2) == 1.3


@pytest.mark.parametrize(
    "selector",
    [".public-page .form-control", ".public-page .form-select", ".public-page .form-check-input:not(:checked)"],
)
def test_text_boxes_lists_and_empty_radio_circles_stand_out_from_the_white_page(selector):
    colour = declared(selector, "border-color")
    assert colour == "#6c757d"
    assert round(contrast_ratio(colour, WHITE), 2) == 4.69  # WCAG 1.4.11 asks at least 3


def test_the_error_marks_and_messages_are_readable():
    assert contrast_ratio(declared(".public-page .field-error", "color"), WHITE) >= 4.5  # text: 7.75:1
    border = declared(".public-page fieldset.has-error", "border-left").split()[-1]
    assert contrast_ratio(border, WHITE) >= 3  # the bar beside a question in error
