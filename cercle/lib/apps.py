from django.apps import AppConfig


class LibConfig(AppConfig):
    """Shared helpers, and the commands that belong to no domain (serve, compilecatalogs)."""

    name = "cercle.lib"
    label = "lib"
