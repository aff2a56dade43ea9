from django.urls import path

from cercle.accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/preferences/", views.preferences, name="preferences"),
    path("me/sessions/", views.session_list, name="sessions"),
    path("me/sessions/<int:session_id>/end/", views.session_end, name="session_end"),
    path("me/sessions/end-others/", views.sessions_end_others, name="sessions_end_others"),
]
