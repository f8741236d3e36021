from django.urls import path

from retention import views

app_name = "retention"

urlpatterns = [
    path("", views.RetentionView.as_view(), name="records"),
    path("schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("holds/", views.PlaceHoldView.as_view(), name="hold_place"),
    path("holds/<int:pk>/lift/", views.LiftHoldView.as_view(), name="hold_lift"),
]
