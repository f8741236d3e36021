from django.urls import path

from yousaid import views

app_name = "yousaid"

urlpatterns = [
    path("", views.ActionListView.as_view(), name="action_list"),
    path("new/", views.ActionFormView.as_view(), name="action_create"),
    path("<int:pk>/", views.ActionDetailView.as_view(), name="action_detail"),
    path("<int:pk>/edit/", views.ActionFormView.as_view(), name="action_edit"),
    path("<int:pk>/submit/", views.SubmitView.as_view(), name="action_submit"),
    path("<int:pk>/review/", views.ReviewView.as_view(), name="action_review"),
]
