from django.urls import path

from cercle.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("c/<slug:slug>/first-steps/", views.first_steps, name="first_steps"),
    path("c/<slug:slug>/first-steps/box/", views.first_steps_box, name="first_steps_box"),
    path("c/<slug:slug>/manage/welcome/", views.manage_welcome, name="manage_welcome"),
    path("help/", views.help_index, name="help"),
    path("help/<slug:topic>/", views.help_page, name="help_page"),
]
