from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("people/", views.PeopleListView.as_view(), name="people"),
    path("people/<int:pk>/roles/", views.PersonRolesView.as_view(), name="person_roles"),
]
