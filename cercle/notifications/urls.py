from django.urls import path

from cercle.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.notification_read_all, name="read_all"),
    path("notifications/<int:notification_id>/", views.notification_open, name="open"),
    path("notifications/<int:notification_id>/read/", views.notification_read, name="read"),
    path("me/notifications/", views.preferences, name="preferences"),
    path("news/", views.news, name="news"),
    path("news/read/", views.news_read, name="news_read"),
    path("c/<slug:slug>/t/<int:topic_id>/unread/", views.first_unread, name="first_unread"),
    path("c/<slug:slug>/t/<int:topic_id>/follow/", views.follow_topic, name="follow_topic"),
    path(
        "c/<slug:slug>/discussions/categories/<str:category_slug>/follow/",
        views.follow_category,
        name="follow_category",
    ),
]
