from django.urls import path

from cercle.connectors import views, views_upload

app_name = "connectors"
urlpatterns = [
    path("claim/", views.claim_start, name="claim"),
    path("claim/<str:token>/", views.claim_confirm, name="claim_confirm"),
    path("c/<slug:slug>/manage/identities/", views.identities, name="manage_identities"),
    path(
        "c/<slug:slug>/manage/identities/<int:identity_id>/merge/",
        views.merge,
        name="manage_identities_merge",
    ),
    path(
        "c/<slug:slug>/manage/identities/merges/<int:merge_id>/undo/",
        views.undo,
        name="manage_identities_undo",
    ),
    path("c/<slug:slug>/manage/import/", views_upload.import_archive, name="manage_import"),
    path(
        "c/<slug:slug>/manage/import/<int:job_id>/",
        views_upload.import_job,
        name="manage_import_job",
    ),
    path("c/<slug:slug>/manage/import/csv/", views_upload.csv_format, name="manage_import_csv"),
]
