"""serviceculture/pdf.py: every PDF we print is tagged and has an outline, so a screen reader can move through it
by heading and table and a reader can jump from the bookmarks."""

import pytest

from serviceculture.pdf import html_to_pdf
from tests.pdfs import is_tagged, outline, structure

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Informe</title></head><body>
<h1>Informe anual</h1><p>Resumen del año.</p>
<h2>Satisfacción</h2><table><tr><th scope="col">Servicio</th></tr><tr><td>Agua</td></tr></table>
<h2>Capacitación</h2><p>Módulos impartidos.</p>
</body></html>"""


def test_a_printed_pdf_is_tagged_with_headings_and_tables_a_screen_reader_can_follow():
    document = html_to_pdf(PAGE)
    assert is_tagged(document)
    tree = structure(document)
    assert "H1" in tree and "H2" in tree and "Table" in tree and "TH" in tree


def test_a_printed_pdf_has_bookmarks_made_from_its_headings_accents_and_all():
    document = html_to_pdf(PAGE)
    assert outline(document) == [(0, "Informe anual"), (1, "Satisfacción"), (1, "Capacitación")]
