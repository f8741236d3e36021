from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from serviceculture import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/", include("accounts.urls")),
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
