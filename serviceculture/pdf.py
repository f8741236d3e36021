"""HTML to PDF with Debian's headless Chromium, driven by Playwright's Python package.

Used by the printable evaluation and the annual report. Why Chromium and not WeasyPrint: it prints the
same HTML a person sees, is already on every machine that runs our browser tests, and needs no extra
system libraries (WeasyPrint needs Pango). The HTML must be self-contained (styles inlined): the page
is not allowed to reach the network. Where Chromium or Playwright is missing, PdfUnavailable says what
to install, and the printable HTML pages keep working.

Every PDF is tagged (a structure tree built from the HTML, so a screen reader reads headings, lists and tables
as such) and carries an outline (bookmarks made from the h1-h6 headings) so a reader can jump to a section. Both
come from Chromium's printToPDF (`generateTaggedPDF`, `generateDocumentOutline`), which Playwright names
`tagged` and `outline`; the headings of the printed HTML are therefore its table of contents.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from playwright.sync_api import PdfMargins

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class PdfUnavailable(Exception):
    """The PDF cannot be made on this server; the message says why and what to install."""


def check_available() -> str:
    """The path of Chromium, or PdfUnavailable saying what to install. Cheap: views call it before they
    queue a PDF job, so a server without Chromium says so at once rather than in a failed job."""
    chromium = settings.CHROMIUM_PATH
    if not os.path.exists(chromium):
        raise PdfUnavailable(
            _(
                "PDFs are printed by Chromium, which is not installed on this server (looked for %(path)s). "
                "Install it (apt-get install chromium) or set CHROMIUM_PATH."
            )
            % {"path": chromium}
        )
    try:
        import playwright.sync_api  # noqa: F401  (checked here so that the message is clear)
    except ImportError:
        raise PdfUnavailable(_("PDFs need the Python package playwright, which is not installed.")) from None
    return chromium


def html_to_pdf(html: str, *, paper: str = "Letter", margins: "PdfMargins | None" = None) -> bytes:
    """The HTML printed by Chromium. It takes seconds: call it from a job (jobs app), never in a web request."""
    chromium = check_available()
    # A thread of its own: Playwright's sync API refuses to start inside a running event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(_print, chromium, html, paper, margins or {})
        return job.result(timeout=settings.PDF_TIMEOUT_SECONDS)


def _print(chromium: str, html: str, paper: str, margins: "PdfMargins") -> bytes:
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())  # everything is inlined; nothing is fetched
                page.set_content(html, wait_until="load")
                return page.pdf(
                    format=paper,
                    print_background=True,
                    prefer_css_page_size=True,
                    margin=margins,
                    tagged=True,
                    outline=True,
                )
            finally:
                browser.close()
    except Error as problem:
        raise PdfUnavailable(_("Chromium could not print this document: %(problem)s") % {"problem": problem}) from None
