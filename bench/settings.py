"""Cercle's settings, plus the bench's ceiling view (see bench/urls.py).

Used by bench/discussions.py through DJANGO_SETTINGS_MODULE=bench.settings, with the repository
on PYTHONPATH. Everything else, middleware included, is the project's own.
"""

from cercle.project.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
