from django.urls import path

from cercle.resources import views

app_name = "resources"
urlpatterns = [
    path("c/<slug:slug>/library/", views.library, name="list"),
    path("c/<slug:slug>/library/share/", views.share, name="share"),
    path("c/<slug:slug>/library/<int:resource_id>/", views.detail, name="detail"),
    path("c/<slug:slug>/library/<int:resource_id>/edit/", views.edit, name="edit"),
    path("c/<slug:slug>/library/<int:resource_id>/delete/", views.delete, name="delete"),
    path("c/<slug:slug>/library/<int:resource_id>/feature/", views.feature, name="feature"),
    path("c/<slug:slug>/library/<int:resource_id>/file/", views.download, name="download"),
    path(
        "c/<slug:slug>/library/comments/<int:comment_id>/delete/",
        views.comment_delete,
        name="comment_delete",
    ),
    path("c/<slug:slug>/wiki/", views.wiki, name="wiki"),
    path("c/<slug:slug>/wiki/new/", views.wiki_new, name="wiki_new"),
    path("c/<slug:slug>/wiki/<slug:page_slug>/", views.wiki_page, name="wiki_page"),
    path("c/<slug:slug>/wiki/<slug:page_slug>/edit/", views.wiki_edit, name="wiki_edit"),
    path("c/<slug:slug>/wiki/<slug:page_slug>/history/", views.wiki_history, name="wiki_history"),
    path("c/<slug:slug>/wiki/<slug:page_slug>/changes/", views.wiki_diff, name="wiki_diff"),
    path(
        "c/<slug:slug>/wiki/<slug:page_slug>/v/<int:number>/",
        views.wiki_revision,
        name="wiki_revision",
    ),
    path(
        "c/<slug:slug>/wiki/<slug:page_slug>/v/<int:number>/restore/",
        views.wiki_restore,
        name="wiki_restore",
    ),
    path("c/<slug:slug>/wiki/<slug:page_slug>/delete/", views.wiki_delete, name="wiki_delete"),
]
