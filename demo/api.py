"""Demo data for the JSON API: the county's permit system holds a live token for two service points, and an old
utility portal's token was revoked; the permit counter invites one resident in five, and has invited a few."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from accounts.api_tokens import issue_token, revoke_token
from accounts.models import ApiToken
from org.models import Channel, ServicePoint
from surveys.services.invitations import invite

PERMIT_SYSTEM = "Permit system"
OLD_PORTAL = "Utility portal (retired)"
DEMO_TRANSACTIONS = 12


def seed_api() -> str | None:
    """Issue the demo tokens (once). Returns the permit system's secret when this run issued it, else None: a
    secret is never stored, so a second run cannot show it again."""
    if ApiToken.objects.filter(name=PERMIT_SYSTEM).exists():
        return None
    admin = User.objects.get(username="admin")
    points = list(ServicePoint.objects.filter(active=True, channel=Channel.COUNTER).order_by("pk")[:2])
    if not points:
        return None
    token, secret = issue_token(name=PERMIT_SYSTEM, service_points=points, by=admin)
    old, _old_secret = issue_token(name=OLD_PORTAL, service_points=points[:1], by=admin)
    ApiToken.objects.filter(pk=old.pk).update(last_used_at=timezone.now() - timedelta(days=40))
    revoke_token(token=old, by=admin)
    counter = points[0]
    counter.invite_one_in = 5
    counter.save()
    for _transaction in range(DEMO_TRANSACTIONS):  # twelve cases closed today: three residents invited
        invite(service_point=counter, channel=Channel.COUNTER, token=token)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return secret
