"""The main menu's links, marked when they lead to the page being read.

A link is current when the request resolved to its URL name (a page's filters and arguments aside), so the
person sees in the open menu where they are (Bootstrap's `active`) and a screen reader says so
(`aria-current="page"`). A menu whose namespace holds the page is marked `active` too, so the closed menu
still shows the part of the site the person is in.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def _current(context) -> str:
    match = getattr(context.get("request"), "resolver_match", None)
    return match.view_name if match is not None else ""


@register.simple_tag(takes_context=True)
def nav_link(context, name: str, label: str, css: str = "dropdown-item") -> SafeString:
    """`{% nav_link "reports:dashboard" _("Dashboard") %}`: the menu's link to a page without arguments."""
    if _current(context) == name:
        return format_html('<a class="{} active" aria-current="page" href="{}">{}</a>', css, reverse(name), label)
    return format_html('<a class="{}" href="{}">{}</a>', css, reverse(name), label)


@register.simple_tag(takes_context=True)
def nav_section(context, *namespaces: str) -> str:
    """` active` for a menu's toggle when the page being read is in one of its namespaces."""
    return " active" if _current(context).split(":", 1)[0] in namespaces else ""
