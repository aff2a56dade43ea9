"""When to recompute on its own: after an import, and a while after activity (debounced).

Connected in CockpitConfig.ready. Each activity event of a conversation or a membership asks
`request_recompute`, which reads one row and writes nothing while a run is already planned;
visits are left to the nightly run. With a task backend that cannot defer work (the tests'),
activity plans nothing.
"""

from django.db.models.signals import post_save

from cercle.activity.models import ActivityEvent, Verb


def _on_activity(sender, instance: ActivityEvent, created: bool, raw: bool = False, **kwargs):
    if not created or raw or instance.verb == Verb.VISITED:
        return
    from .actions import request_recompute
    from .tasks import recompute_cockpit

    if not recompute_cockpit.get_backend().supports_defer:
        return
    request_recompute(instance.community)


def _on_import(sender, instance, created: bool, raw: bool = False, **kwargs):
    if not created or raw:
        return
    from django.utils import timezone

    from .actions import request_recompute

    request_recompute(instance.community, at=timezone.now())


def connect() -> None:
    post_save.connect(_on_activity, sender=ActivityEvent, dispatch_uid="cockpit-activity")
    from cercle.connectors.models import ImportRun

    post_save.connect(_on_import, sender=ImportRun, dispatch_uid="cockpit-import")
