"""The feedback button for any website: one line a web team pastes into its pages, per service point.

Rules:
- The button leads to an open link of the service point on the web channel (made once, by a program admin, on
  the service point's page), for the survey offered there (surveys/services/invitations.survey_offered_at).
- The script (`/widget/feedback.js`, surveys/public_views.feedback_button_script) adds a plain link: a new tab, no
  frame, no cookie, nothing sent anywhere until the resident follows it. It passes the page's path and language
  as `?page=` and `?lang=`; a host page whose CSP allows scripts from our origin needs nothing else (its look is
  set through the CSSOM, which a CSP allows, never a style attribute or element).
- Only the page's path is kept with a response, never its query string or fragment (a case number, a search, a
  session may sit there): `page_path` cuts them off whatever the caller sent.
"""

from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from org.models import Channel, ServicePoint
from surveys.models import PAGE_PATH_MAX_LENGTH, LinkKind, SurveyLink
from surveys.services.invitations import survey_offered_at
from surveys.services.links import create_links

WIDGET_LABEL = "Website feedback button"


def page_path(address: str) -> str:
    """The path of a page address, without scheme, host, query string or fragment; empty for anything that is
    not a path ("/permits/apply" of "https://harbor.gov/permits/apply?case=123#top")."""
    try:
        path = urlsplit(address.strip()).path
    except ValueError:  # "http://[" and the like
        return ""
    if not path.startswith("/"):
        return ""
    return path[:PAGE_PATH_MAX_LENGTH]


def widget_link(service_point: ServicePoint) -> SurveyLink | None:
    """The service point's active open web link for the survey offered there now, if one was made."""
    survey = survey_offered_at(service_point)
    if survey is None:
        return None
    return (
        SurveyLink.objects.filter(
            service_point=service_point, survey=survey, kind=LinkKind.OPEN, channel=Channel.WEB, active=True
        )
        .select_related("survey", "service_point")
        .first()
    )


@transaction.atomic
def make_widget_link(*, service_point: ServicePoint, by: User) -> SurveyLink:
    """The feedback button's link of the service point: the one it has, or a new open web link."""
    ServicePoint.objects.select_for_update().get(pk=service_point.pk)  # two clicks make one link
    existing = widget_link(service_point)
    if existing is not None:
        return existing
    survey = survey_offered_at(service_point) if service_point.active else None
    if survey is None:
        raise ValidationError(_("No survey is taking answers at this service point."))
    [link] = create_links(
        survey=survey, service_point=service_point, by=by, kind=LinkKind.OPEN, channel=Channel.WEB, label=WIDGET_LABEL
    )
    return link
