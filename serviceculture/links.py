"""Absolute links to this site, for what leaves it: emails, QR codes, printed posters and certificates.

A page links within the site by path; only something read elsewhere needs the full address, and it is always
settings.SITE_URL (the public address behind the proxy, never the Host a request happened to carry).
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    """The public address of a path of this site ("/s/abc/" -> "https://service.example.gov/s/abc/")."""
    return settings.SITE_URL + path
