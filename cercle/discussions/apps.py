from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "cercle.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started, setting_changed
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from cercle.discussions import generation

        # Every connection counts the writes that may change what is shared between readers.
        connection_created.connect(generation.install, dispatch_uid="cercle.generation")
        request_started.connect(generation.on_request_started, dispatch_uid="cercle.generation")
        request_finished.connect(generation.on_request_finished, dispatch_uid="cercle.generation")
        post_migrate.connect(generation.on_migrated, dispatch_uid="cercle.generation")
        setting_changed.connect(generation.forget_all, dispatch_uid="cercle.generation")
