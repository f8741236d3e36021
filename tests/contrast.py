"""WCAG 2.x contrast ratios, for tests that check the colours a page declares or shows."""

import re


def relative_luminance(colour: str) -> float:
    """The relative luminance of a #rrggbb or rgb(r, g, b) colour (WCAG 2.x definition)."""
    if colour.startswith("#"):
        channels = [int(colour[index : index + 2], 16) for index in (1, 3, 5)]
    else:
        channels = [int(part) for part in re.findall(r"\d+", colour)[:3]]
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
