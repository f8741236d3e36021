from django.urls import path

from evaluations.views import cycles, evaluation, pay

app_name = "evaluations"

urlpatterns = [
    path("", evaluation.my_evaluations, name="my_evaluations"),
    path("all/", evaluation.EvaluationListView.as_view(), name="evaluation_list"),
    path("<int:pk>/", evaluation.evaluation_detail, name="evaluation_detail"),
    path("<int:pk>/form/<slug:step>/", evaluation.evaluation_form_step, name="evaluation_form_step"),
    path("<int:pk>/step/<slug:step>/", evaluation.evaluation_step, name="evaluation_step"),
    path("<int:pk>/print/", evaluation.evaluation_print, name="evaluation_print"),
    path("<int:pk>/pdf/", evaluation.evaluation_pdf, name="evaluation_pdf"),
    path("cycles/", cycles.cycle_list, name="cycle_list"),
    path("cycles/new/", cycles.cycle_edit, name="cycle_create"),
    path("cycles/<int:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/edit/", cycles.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/open/", cycles.cycle_open, name="cycle_open"),
    path("cycles/<int:pk>/close/", cycles.cycle_close, name="cycle_close"),
    path("cycles/<int:pk>/certifications/", cycles.certifications, name="certifications"),
    path("cycles/<int:pk>/certify/<int:department_pk>/", cycles.certify, name="certify"),
    path("cycles/<int:pk>/calibration/", cycles.calibration, name="calibration"),
    path("cycles/<int:pk>/pay/", pay.pay_plan, name="pay_plan"),
    path("cycles/<int:pk>/pay/create/", pay.pay_plan_create, name="pay_plan_create"),
    path("cycles/<int:pk>/pay/compute/", pay.pay_plan_compute, name="pay_plan_compute"),
    path("cycles/<int:pk>/pay/approve/", pay.pay_plan_approve, name="pay_plan_approve"),
    path("cycles/<int:pk>/pay/payroll/<int:department_pk>/", pay.payroll_export, name="payroll_export"),
    path("templates/", cycles.template_list, name="template_list"),
    path("templates/new/", cycles.template_edit, name="template_create"),
    path("templates/<int:pk>/", cycles.template_edit, name="template_edit"),
]
