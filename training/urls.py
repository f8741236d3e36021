from django.urls import path

from training.views import attendees, commitments, learning, modules, people, sessions, workshops

app_name = "training"

urlpatterns = [
    path("", learning.MyTrainingView.as_view(), name="my_training"),
    path("learn/", learning.LearnListView.as_view(), name="learn_list"),
    path("learn/<int:pk>/", learning.LearnView.as_view(), name="learn"),
    path("learn/<int:pk>/reflect/", learning.SelfPacedReflectView.as_view(), name="learn_reflect"),
    path("learn/<int:pk>/<int:page>/", learning.LearnView.as_view(), name="learn_page"),
    path("modules/", modules.ModuleListView.as_view(), name="module_list"),
    path("modules/new/", modules.ModuleCreateView.as_view(), name="module_create"),
    path("modules/<int:pk>/", modules.ModuleDetailView.as_view(), name="module_detail"),
    path("modules/<int:pk>/edit/", modules.ModuleUpdateView.as_view(), name="module_edit"),
    path("modules/<int:pk>/publish/", modules.ModulePublishView.as_view(), name="module_publish"),
    path("modules/<int:pk>/reflections/", workshops.ModuleReviewView.as_view(), name="module_review"),
    path("versions/<int:pk>/guide/", modules.FacilitatorGuideView.as_view(), name="guide"),
    path("programs/", people.ProgramListView.as_view(), name="program_list"),
    path("sessions/", sessions.SessionListView.as_view(), name="session_list"),
    path("sessions/new/", sessions.SessionCreateView.as_view(), name="session_create"),
    path("sessions/<int:pk>/", sessions.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/remove/", sessions.RosterRemoveView.as_view(), name="roster_remove"),
    path("sessions/<int:pk>/check-in/", sessions.CheckInToggleView.as_view(), name="check_in_toggle"),
    path("sessions/<int:pk>/qr.svg", sessions.SessionQRView.as_view(), name="session_qr"),
    path("sessions/<int:pk>/attendance/", sessions.AttendanceView.as_view(), name="attendance"),
    path("sessions/<int:pk>/reflections/", sessions.SessionReflectionsView.as_view(), name="reflections"),
    path("sessions/<int:pk>/wall/", attendees.SessionWallView.as_view(), name="wall"),
    path("sessions/<int:pk>/wall/feed/", attendees.SessionWallFeedView.as_view(), name="wall_feed"),
    path("sessions/<int:pk>/live/", workshops.LiveView.as_view(), name="workshop"),
    path("sessions/<int:pk>/live/feed/", workshops.LiveFeedView.as_view(), name="workshop_feed"),
    path("sessions/<int:pk>/live/open/", workshops.WorkshopToggleView.as_view(), name="workshop_toggle"),
    path("sessions/<int:pk>/live/moderate/", workshops.ModerateView.as_view(), name="workshop_moderate"),
    path("sessions/<int:pk>/live/qr.svg", workshops.WorkshopQRView.as_view(), name="workshop_qr"),
    path("sessions/<int:pk>/reflect/", attendees.SessionReflectView.as_view(), name="reflect"),
    path("sessions/<int:pk>/feedback/", attendees.SessionFeedbackView.as_view(), name="feedback"),
    path("check-in/<str:code>/", attendees.CheckInView.as_view(), name="check_in"),
    path("commitments/<int:pk>/", commitments.CommitmentFollowUpView.as_view(), name="commitment_follow_up"),
    path("commitments/overdue/", commitments.OverdueCommitmentsView.as_view(), name="overdue"),
    path("coverage/", people.CoverageView.as_view(), name="coverage"),
    path("certificates/<int:pk>/", people.CertificateDetailView.as_view(), name="certificate_detail"),
]
