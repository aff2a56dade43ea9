"""The one way actions write to the activity log."""

from datetime import datetime

from django.utils import timezone

from cercle.activity.models import ActivityEvent, ObjectKind, Verb


def record(
    *,
    community,
    verb: Verb,
    actor=None,
    group=None,
    object_kind: ObjectKind = ObjectKind.NONE,
    object_id: int | None = None,
    context_id: int | None = None,
    parent_id: int | None = None,
    at: datetime | None = None,
) -> ActivityEvent:
    return ActivityEvent.objects.create(
        community=community,
        group=group,
        actor=actor,
        verb=verb,
        object_kind=object_kind,
        object_id=object_id,
        context_id=context_id,
        parent_id=parent_id,
        created_at=at or timezone.now(),
    )
