from django.urls import path, re_path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.SurveyListView.as_view(), name="survey_list"),
    path("new/", views.SurveyCreateView.as_view(), name="survey_create"),
    path("<int:pk>/", views.SurveyDetailView.as_view(), name="survey_detail"),
    path("<int:pk>/edit/", views.SurveyEditView.as_view(), name="survey_edit"),
    path("<int:pk>/copy/", views.SurveyCopyView.as_view(), name="survey_copy"),
    path("<int:pk>/preview/", views.SurveyPreviewView.as_view(), name="survey_preview"),
    path("<int:pk>/questions/new/", views.QuestionFormView.as_view(adding=True), name="question_create"),
    path("questions/<int:pk>/", views.QuestionFormView.as_view(), name="question_edit"),
    path("questions/<int:pk>/move/", views.QuestionMoveView.as_view(), name="question_move"),
    path("questions/<int:pk>/remove/", views.QuestionRemoveView.as_view(), name="question_remove"),
    path("<int:pk>/links/", views.LinkCreateView.as_view(), name="link_create"),
    path("<int:pk>/links/unused.csv", views.LinkBatchCsvView.as_view(), name="link_batch_csv"),
    path("links/<int:pk>/poster/", views.LinkPosterView.as_view(), name="link_poster"),
    # ASCII digits, no longer than a row id: "٣" or 5,000 digits is no link (404), not a crash in int().
    re_path(r"^links/(?P<pk>[0-9]{1,18})/qr\.(?P<format>png|svg)$", views.LinkQrView.as_view(), name="link_qr"),
    path("responses/", views.InboxView.as_view(), name="inbox"),
    path("responses/<int:pk>/", views.ResponseDetailView.as_view(), name="response_detail"),
    path("responses/<int:pk>/untag/", views.RemoveTagView.as_view(), name="response_untag"),
    path("responses/<int:pk>/compliment/", views.ComplimentDecisionView.as_view(), name="compliment_decide"),
    path("responses/triage/", views.TriageView.as_view(), name="triage"),
    re_path(r"^responses/export\.(?P<format>csv|xlsx)$", views.ExportView.as_view(), name="export"),
    path("follow-ups/", views.FollowUpListView.as_view(), name="follow_ups"),
]
