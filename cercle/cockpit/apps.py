from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    name = "cercle.cockpit"
    label = "cockpit"
    verbose_name = _("Cockpit")

    def ready(self) -> None:
        from . import signals

        signals.connect()
