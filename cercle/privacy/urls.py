from django.urls import path

from cercle.privacy import views

app_name = "privacy"
urlpatterns = [
    path("me/data/", views.export, name="export"),
    path("me/data/<int:export_id>/download/", views.export_download, name="export_download"),
    path("me/delete/", views.delete_account, name="delete_account"),
    path("c/<slug:slug>/manage/export/", views.community_export, name="community_export"),
]
