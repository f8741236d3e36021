from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts.views.sign_in import LoginView, email_addresses_come_from_hr
from api.v1 import api as api_v1
from serviceculture import views
from surveys.public_views import feedback_button_script

# Admin's own sign-in form would skip the throttling and the second factor: it sends people to ours instead.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Sign-in, sign-out, password change and reset, second factors and single sign-on: django-allauth, whose
    # sign-in page is ours only to answer 429 when an account is locked for now.
    path("accounts/login/", LoginView.as_view(), name="account_login"),
    path("accounts/email/", email_addresses_come_from_hr),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("org/", include("org.urls")),
    path("surveys/", include("surveys.urls")),
    path("s/", include("surveys.public_urls")),
    # The feedback button other websites load (surveys/services/widget.py): its address never changes.
    path("widget/feedback.js", feedback_button_script, name="feedback_button_script"),
    path("training/", include("training.urls")),
    path("certificates/", include("training.public_urls")),
    path("w/", include("training.workshop_urls")),
    path("evaluations/", include("evaluations.urls")),
    path("reports/", include("reports.urls")),
    path("you-said-we-did/", include("yousaid.urls")),
    path("standards/", include("reports.public_urls")),
    path("retention/", include("retention.urls")),
    path("jobs/", include("jobs.urls")),
    path("api/v1/", api_v1.urls),
]

handler400 = "serviceculture.untrusted.bad_request"
handler403 = "serviceculture.views.permission_denied"
handler404 = "serviceculture.views.page_not_found"
handler500 = "serviceculture.views.server_error"
