"""The PDF of a printable evaluation, printed by headless Chromium through Playwright.

Why Chromium and not WeasyPrint: Chromium is already on every machine that runs our browser tests
(Debian's `chromium`), prints the same HTML the person sees, and needs no extra system libraries
(WeasyPrint needs Pango and friends). Where Chromium or Playwright is missing, html_to_pdf raises
PdfUnavailable with a message saying what to install, and the printable HTML page still works.
"""

import os
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class PdfUnavailable(Exception):
    """The PDF cannot be made on this server; the message says why and what to install."""


def print_css() -> str:
    """The print style sheet, inlined into the HTML Chromium prints (it loads nothing from the network)."""
    path = finders.find("evaluations/print.css")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def html_to_pdf(html: str) -> bytes:
    chromium = settings.EVALUATIONS_CHROMIUM_PATH
    if not os.path.exists(chromium):
        raise PdfUnavailable(
            _("PDFs are printed by Chromium, which is not installed on this server (looked for %(path)s). "
              "Install it (apt-get install chromium) or set CHROMIUM_PATH.") % {"path": chromium}
        )
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401  (checked here so the message is clear)
    except ImportError:
        raise PdfUnavailable(_("PDFs need the Python package playwright, which is not installed.")) from None
    # A thread of its own: Playwright's sync API refuses to start inside a running event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, chromium, html).result(timeout=settings.EVALUATIONS_PDF_TIMEOUT_SECONDS)


def _print(chromium: str, html: str) -> bytes:
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.set_content(html, wait_until="load")
                return page.pdf(format="Letter", print_background=True, prefer_css_page_size=True)
            finally:
                browser.close()
    except Error as problem:
        raise PdfUnavailable(_("Chromium could not print this evaluation: %(problem)s") % {"problem": problem}) from None
