from django.conf import settings


def site(request):
    return {
        "agency_name": settings.AGENCY_NAME,
        "login_lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
