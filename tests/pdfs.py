"""Reading a printed PDF as a screen reader would meet it, with poppler-utils (the browser tests need them)."""

import re
import subprocess
import tempfile
from xml.etree import ElementTree


def _poppler(command: list[str], document: bytes) -> str:
    # pdfinfo and pdftohtml want a file, not standard input.
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(document)
        handle.flush()
        return subprocess.run([*command, handle.name], capture_output=True, check=True, text=True).stdout


def is_tagged(document: bytes) -> bool:
    """What pdfinfo says on its "Tagged:" line: the PDF carries a structure tree."""
    return re.search(r"^Tagged:\s+yes$", _poppler(["pdfinfo"], document), re.MULTILINE) is not None


def structure(document: bytes) -> str:
    """The structure tree as pdfinfo -struct prints it (H1, P, Table, TR, TH ...)."""
    return _poppler(["pdfinfo", "-struct"], document)


def outline(document: bytes) -> list[tuple[int, str]]:
    """The bookmarks, as (depth, title) in reading order; empty without an /Outlines entry."""
    xml = _poppler(["pdftohtml", "-xml", "-i", "-q", "-stdout"], document)
    found: list[tuple[int, str]] = []

    def walk(node: ElementTree.Element, depth: int) -> None:
        for child in node:
            if child.tag == "item":
                found.append((depth, "".join(child.itertext()).strip()))
            elif child.tag == "outline":
                walk(child, depth + 1)

    for top in ElementTree.fromstring(xml).findall("outline"):
        walk(top, 0)
    return found
