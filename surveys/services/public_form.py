"""The blank form page of an open link, rendered once per version of the form and kept.

Rendering the page is most of the CPU a showing of the form costs (a few dozen options, each with its label,
ids and ARIA links, inside the page around them), and a blank form is the same for every resident of a link.
So the page is kept, keyed by the form's version (surveys/services/resident_forms.py: any change to the link,
its survey, questions, service point, department or staff makes a new one), the language and the address
asked for (a feedback button's `page` and `lang` change the form's action and the language switch's return
address). A stale page is never served and there is nothing to invalidate. A form with answers or errors in
it is rendered afresh, and so is a form read without a version (a single-use link; SQLite).

The CSRF token is the one per-resident part: the kept page holds a marker where each token goes, and every
request gets its own token written in. The only input not in the key, the translation catalogues, changes
with a release, which starts new processes. The store is this process's memory, not Redis: a hit costs no
round trip.
"""

import hashlib
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

# Stands where the CSRF token goes (the template's `{% csrf_token %}` reads it from the context); letters
# only, like a real token, so escaping leaves it as it is.
TOKEN_MARK = "csrftokenmarkofakeptresidentformpage"
# A page is some 35 KB: a few hundred links in two languages are ten MB or so per process at most.
_pages = LocMemCache("surveys-public-form-pages", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 300}})


def blank_form_page(request, *, version: str, render: Callable[[str], HttpResponse]) -> HttpResponse:
    """The blank form page, kept under `version`; `render(csrf_token)` makes it (with the marker when kept)."""
    if not version or get_messages(request):  # a message waiting for this visitor is part of their page
        return render(get_token(request))
    key = hashlib.sha256(f"{version}:{get_language()}:{request.get_full_path()}".encode()).hexdigest()
    content = _pages.get(key)
    if content is None:
        page = render(TOKEN_MARK)
        if page.status_code != 200:
            return page
        content = page.content
        _pages.set(key, content)
    return HttpResponse(content.replace(TOKEN_MARK.encode(), get_token(request).encode()))
