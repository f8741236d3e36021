from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("a11/", views.A11ExportView.as_view(), name="a11_export"),
]
