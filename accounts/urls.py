from django.urls import path

from accounts.views import api_tokens, audit, importing, people

app_name = "accounts"

urlpatterns = [
    path("api-tokens/", api_tokens.ApiTokensView.as_view(), name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", api_tokens.RevokeApiTokenView.as_view(), name="api_token_revoke"),
    path("audit/", audit.AuditTrailView.as_view(), name="audit"),
    path("import/", importing.ImportUploadView.as_view(), name="import_upload"),
    path("import/<slug:token>/", importing.ImportPreviewView.as_view(), name="import_preview"),
    path("import/<slug:token>/apply/", importing.ImportApplyView.as_view(), name="import_apply"),
    path("invitation/<uidb64>/<token>/", importing.InvitationView.as_view(), name="invitation"),
    path("people/", people.PeopleListView.as_view(), name="people"),
    path("people/<int:pk>/roles/", people.PersonRolesView.as_view(), name="person_roles"),
]
