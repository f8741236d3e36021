from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("audit/", views.AuditTrailView.as_view(), name="audit"),
]
