from django.urls import path

from evaluations.views import cycles, evaluation, pay

app_name = "evaluations"

urlpatterns = [
    path("", evaluation.MyEvaluationsView.as_view(), name="my_evaluations"),
    path("all/", evaluation.EvaluationListView.as_view(), name="evaluation_list"),
    path("<int:pk>/", evaluation.EvaluationDetailView.as_view(), name="evaluation_detail"),
    path("<int:pk>/form/<slug:step>/", evaluation.EvaluationFormStepView.as_view(), name="evaluation_form_step"),
    path("<int:pk>/step/<slug:step>/", evaluation.EvaluationStepView.as_view(), name="evaluation_step"),
    path("<int:pk>/print/", evaluation.EvaluationPrintView.as_view(), name="evaluation_print"),
    path("<int:pk>/pdf/", evaluation.EvaluationPdfView.as_view(), name="evaluation_pdf"),
    path("cycles/", cycles.CycleListView.as_view(), name="cycle_list"),
    path("cycles/new/", cycles.CycleEditView.as_view(), name="cycle_create"),
    path("cycles/<int:pk>/", cycles.CycleDetailView.as_view(), name="cycle_detail"),
    path("cycles/<int:pk>/edit/", cycles.CycleEditView.as_view(), name="cycle_edit"),
    path("cycles/<int:pk>/open/", cycles.CycleOpenView.as_view(), name="cycle_open"),
    path("cycles/<int:pk>/close/", cycles.CycleCloseView.as_view(), name="cycle_close"),
    path("cycles/<int:pk>/certifications/", cycles.CertificationsView.as_view(), name="certifications"),
    path("cycles/<int:pk>/certify/<int:department_pk>/", cycles.CertifyView.as_view(), name="certify"),
    path(
        "cycles/<int:pk>/certifications/<int:certification_pk>/document/",
        cycles.CertificationDocumentView.as_view(),
        name="certification_document",
    ),
    path("cycles/<int:pk>/calibration/", cycles.CalibrationView.as_view(), name="calibration"),
    path("cycles/<int:pk>/pay/", pay.PayPlanView.as_view(), name="pay_plan"),
    path("cycles/<int:pk>/pay/create/", pay.PayPlanCreateView.as_view(), name="pay_plan_create"),
    path("cycles/<int:pk>/pay/compute/", pay.PayPlanComputeView.as_view(), name="pay_plan_compute"),
    path("cycles/<int:pk>/pay/approve/", pay.PayPlanApproveView.as_view(), name="pay_plan_approve"),
    path("cycles/<int:pk>/pay/payroll/<int:department_pk>/", pay.PayrollExportView.as_view(), name="payroll_export"),
    path("templates/", cycles.TemplateListView.as_view(), name="template_list"),
    path("templates/new/", cycles.TemplateEditView.as_view(), name="template_create"),
    path("templates/<int:pk>/", cycles.TemplateEditView.as_view(), name="template_edit"),
]
