from django.urls import path

from cercle.members import views

app_name = "members"
urlpatterns = [
    path("me/profile/", views.edit_profile, name="edit_profile"),
    path("c/<slug:slug>/members/", views.directory, name="directory"),
    path("c/<slug:slug>/members/<int:user_id>/", views.member_profile, name="profile"),
]
