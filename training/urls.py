from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.MyTrainingView.as_view(), name="my_training"),
    path("learn/", views.LearnListView.as_view(), name="learn_list"),
    path("learn/<int:pk>/", views.LearnView.as_view(), name="learn"),
    path("learn/<int:pk>/<int:page>/", views.LearnView.as_view(), name="learn_page"),
    path("modules/", views.ModuleListView.as_view(), name="module_list"),
    path("modules/new/", views.ModuleCreateView.as_view(), name="module_create"),
    path("modules/<int:pk>/", views.ModuleDetailView.as_view(), name="module_detail"),
    path("modules/<int:pk>/edit/", views.ModuleUpdateView.as_view(), name="module_edit"),
    path("modules/<int:pk>/publish/", views.ModulePublishView.as_view(), name="module_publish"),
    path("versions/<int:pk>/guide/", views.FacilitatorGuideView.as_view(), name="guide"),
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("sessions/", views.SessionListView.as_view(), name="session_list"),
    path("sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/remove/", views.RosterRemoveView.as_view(), name="roster_remove"),
    path("sessions/<int:pk>/check-in/", views.CheckInToggleView.as_view(), name="check_in_toggle"),
    path("sessions/<int:pk>/qr.svg", views.SessionQRView.as_view(), name="session_qr"),
    path("sessions/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("sessions/<int:pk>/reflections/", views.SessionReflectionsView.as_view(), name="reflections"),
    path("sessions/<int:pk>/wall/", views.SessionWallView.as_view(), name="wall"),
    path("sessions/<int:pk>/reflect/", views.SessionReflectView.as_view(), name="reflect"),
    path("sessions/<int:pk>/feedback/", views.SessionFeedbackView.as_view(), name="feedback"),
    path("check-in/<str:code>/", views.CheckInView.as_view(), name="check_in"),
    path("commitments/<int:pk>/", views.CommitmentFollowUpView.as_view(), name="commitment_follow_up"),
    path("commitments/overdue/", views.OverdueCommitmentsView.as_view(), name="overdue"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("certificates/<int:pk>/", views.CertificateDetailView.as_view(), name="certificate_detail"),
]
