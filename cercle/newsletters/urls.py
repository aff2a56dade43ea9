from django.urls import path

from cercle.newsletters import views

app_name = "newsletters"
urlpatterns = [
    path("me/email/", views.preferences, name="preferences"),
    path("u/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("c/<slug:slug>/newsletters/", views.archive, name="archive"),
    path("c/<slug:slug>/newsletters/<int:newsletter_id>/", views.read, name="read"),
    path("c/<slug:slug>/newsletters/manage/", views.manage_list, name="manage"),
    path("c/<slug:slug>/newsletters/new/", views.compose, name="compose"),
    path("c/<slug:slug>/newsletters/<int:newsletter_id>/edit/", views.edit, name="edit"),
    path("c/<slug:slug>/newsletters/<int:newsletter_id>/manage/", views.detail, name="detail"),
    path(
        "c/<slug:slug>/newsletters/<int:newsletter_id>/email.html",
        views.preview_email,
        name="preview",
    ),
    path("c/<slug:slug>/newsletters/<int:newsletter_id>/test/", views.test_send, name="test"),
    path("c/<slug:slug>/newsletters/<int:newsletter_id>/send/", views.send, name="send"),
    path(
        "c/<slug:slug>/newsletters/<int:newsletter_id>/unschedule/",
        views.unschedule,
        name="unschedule",
    ),
]
