"""HTML to PDF with Debian's headless Chromium, driven by Playwright's Python package."""

from django.conf import settings

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"]


def html_to_pdf(html: str) -> bytes:
    """Print a self-contained HTML page (styles inlined, no network) to an A4 PDF."""
    from playwright.sync_api import sync_playwright  # heavy: loaded only when a PDF is asked for

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=settings.REPORTS_CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # the page must not reach out: everything is inlined
            page.set_content(html, wait_until="load")
            return page.pdf(format="A4", print_background=True, margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        finally:
            browser.close()
