from django.contrib import admin
from django.urls import include, path, re_path

from cercle.communities.views.browse import home
from cercle.lib.media import serve_media

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("cercle.accounts.urls")),
    path("", include("cercle.communities.urls")),
    path("", include("cercle.members.urls")),
    path("", include("cercle.discussions.urls")),
    path("", include("cercle.notifications.urls")),
    path("", include("cercle.connectors.urls")),
    path("", include("cercle.moderation.urls")),
    path("", include("cercle.events.urls")),
    path("", include("cercle.cockpit.urls")),
    path("", include("cercle.privacy.urls")),
    path("", include("cercle.newsletters.urls")),
    path("", include("cercle.rituals.urls")),
    path("", include("cercle.resources.urls")),
    path("", include("cercle.onboarding.urls")),
    re_path(r"^media/(?P<path>.+)$", serve_media, name="media"),
]
