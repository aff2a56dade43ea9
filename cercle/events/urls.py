from django.urls import path

from cercle.events import views

app_name = "events"
urlpatterns = [
    path("c/<slug:slug>/events/", views.event_list, name="list"),
    path("c/<slug:slug>/events/new/", views.event_new, name="new"),
    path("c/<slug:slug>/events/calendar/", views.community_calendar, name="community_calendar"),
    path("c/<slug:slug>/events/<int:event_id>/", views.event_detail, name="detail"),
    path("c/<slug:slug>/events/<int:event_id>/answer/", views.respond, name="respond"),
    path("c/<slug:slug>/events/<int:event_id>/edit/", views.event_edit, name="edit"),
    path("c/<slug:slug>/events/<int:event_id>/cancel/", views.event_cancel, name="cancel"),
    path("c/<slug:slug>/events/<int:event_id>/attendance/", views.attendance, name="attendance"),
    path("c/<slug:slug>/events/<int:event_id>/event.ics", views.event_ics, name="ics"),
    path(
        "c/<slug:slug>/events/series/<int:series_id>/edit/", views.series_edit, name="series_edit"
    ),
    path(
        "c/<slug:slug>/events/series/<int:series_id>/cancel/",
        views.series_cancel,
        name="series_cancel",
    ),
    path("events/", views.my_events, name="mine"),
    path("events/calendar/", views.my_calendar, name="my_calendar"),
    path("events/time-zone/", views.my_time_zone, name="my_time_zone"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
