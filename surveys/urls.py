from django.urls import path, re_path

from surveys.views import alerts, builder, inbox, invitation_upload, links, service_points, themes

app_name = "surveys"

urlpatterns = [
    path("", builder.SurveyListView.as_view(), name="survey_list"),
    path("new/", builder.SurveyCreateView.as_view(), name="survey_create"),
    path("<int:pk>/", builder.SurveyDetailView.as_view(), name="survey_detail"),
    path("<int:pk>/edit/", builder.SurveyEditView.as_view(), name="survey_edit"),
    path("<int:pk>/copy/", builder.SurveyCopyView.as_view(), name="survey_copy"),
    path("<int:pk>/preview/", builder.SurveyPreviewView.as_view(), name="survey_preview"),
    path("<int:pk>/questions/new/", builder.QuestionFormView.as_view(adding=True), name="question_create"),
    path("questions/<int:pk>/", builder.QuestionFormView.as_view(), name="question_edit"),
    path("questions/<int:pk>/move/", builder.QuestionMoveView.as_view(), name="question_move"),
    path("questions/<int:pk>/remove/", builder.QuestionRemoveView.as_view(), name="question_remove"),
    path("<int:pk>/links/", links.LinkCreateView.as_view(), name="link_create"),
    path("<int:pk>/links/unused.csv", links.LinkBatchCsvView.as_view(), name="link_batch_csv"),
    path("links/<int:pk>/poster/", links.LinkPosterView.as_view(), name="link_poster"),
    # ASCII digits, no longer than a row id: "٣" or 5,000 digits is no link (404), not a crash in int().
    re_path(r"^links/(?P<pk>[0-9]{1,18})/qr\.(?P<format>png|svg)$", links.LinkQrView.as_view(), name="link_qr"),
    path("service-points/<int:pk>/", service_points.ServicePointDetailView.as_view(), name="service_point"),
    path(
        "service-points/<int:pk>/feedback-button/",
        service_points.FeedbackButtonLinkView.as_view(),
        name="feedback_button_link",
    ),
    path("invitations/upload/", invitation_upload.InvitationUploadView.as_view(), name="invitation_upload"),
    path("responses/", inbox.InboxView.as_view(), name="inbox"),
    path("responses/<int:pk>/", inbox.ResponseDetailView.as_view(), name="response_detail"),
    path("responses/<int:pk>/follow-up/", inbox.FollowUpRecordView.as_view(), name="follow_up_record"),
    path("responses/<int:pk>/untag/", inbox.RemoveTagView.as_view(), name="response_untag"),
    path("responses/<int:pk>/compliment/", inbox.ComplimentDecisionView.as_view(), name="compliment_decide"),
    path("responses/triage/", inbox.TriageView.as_view(), name="triage"),
    re_path(r"^responses/export\.(?P<format>csv|xlsx)$", inbox.ExportView.as_view(), name="export"),
    path("follow-ups/", inbox.FollowUpListView.as_view(), name="follow_ups"),
    path("alerts/", alerts.AlertSettingsView.as_view(), name="alert_settings"),
    path("themes/", themes.ThemeListView.as_view(), name="themes"),
    path("themes/<int:pk>/", themes.ThemeListView.as_view(), name="theme_edit"),
    path("themes/<int:pk>/remove/", themes.ThemeDeleteView.as_view(), name="theme_delete"),
]
