from django.contrib import admin
from django.urls import include, path

from accounts.password_sign_in import admin_login_unless_password_sign_in_is_off
from serviceculture import views

admin.site.login = admin_login_unless_password_sign_in_is_off(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Sign-in, sign-out, password change and reset, second factors and single sign-on: django-allauth.
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("org/", include("org.urls")),
    path("surveys/", include("surveys.urls")),
    path("s/", include("surveys.public_urls")),
    path("training/", include("training.urls")),
    path("certificates/", include("training.public_urls")),
    path("evaluations/", include("evaluations.urls")),
    path("reports/", include("reports.urls")),
    path("standards/", include("reports.public_urls")),
    path("jobs/", include("jobs.urls")),
]

handler400 = "serviceculture.untrusted.bad_request"
handler403 = "serviceculture.views.permission_denied"
handler404 = "serviceculture.views.page_not_found"
handler500 = "serviceculture.views.server_error"
