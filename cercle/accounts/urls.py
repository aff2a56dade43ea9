from django.urls import path

from cercle.accounts import views

app_name = "accounts"
urlpatterns = [path("me/preferences/", views.preferences, name="preferences")]
