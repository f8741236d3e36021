from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("annual/", views.AnnualReportView.as_view(), name="annual"),
    path("a11/", views.A11ExportView.as_view(), name="a11_export"),
    path("standards/at-risk/", views.StandardsAtRiskView.as_view(), name="standards_at_risk"),
    path("plans/", views.InitiativeListView.as_view(), name="initiatives"),
    path("plans/new/", views.InitiativeFormView.as_view(), name="initiative_add"),
    path("plans/<int:pk>/", views.InitiativeFormView.as_view(), name="initiative_edit"),
]
