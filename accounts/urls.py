from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("import/", views.ImportUploadView.as_view(), name="import_upload"),
    path("import/<slug:token>/", views.ImportPreviewView.as_view(), name="import_preview"),
    path("import/<slug:token>/apply/", views.ImportApplyView.as_view(), name="import_apply"),
    path("invitation/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
]
