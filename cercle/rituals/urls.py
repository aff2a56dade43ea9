from django.urls import path

from cercle.rituals import views

app_name = "rituals"
urlpatterns = [
    path("c/<slug:slug>/manage/rituals/", views.ritual_list, name="list"),
    path("c/<slug:slug>/manage/rituals/new/", views.ritual_new, name="new"),
    path("c/<slug:slug>/manage/rituals/<int:ritual_id>/", views.ritual_edit, name="edit"),
    path("c/<slug:slug>/manage/rituals/<int:ritual_id>/pause/", views.ritual_pause, name="pause"),
    path(
        "c/<slug:slug>/manage/rituals/<int:ritual_id>/delete/", views.ritual_delete, name="delete"
    ),
]
