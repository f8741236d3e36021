from django.urls import path

from org import views

app_name = "org"

urlpatterns = [
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path("employees/", views.EmployeeListView.as_view(), name="employee_list"),
    path("employees/<int:pk>/", views.EmployeeDetailView.as_view(), name="employee_detail"),
]
