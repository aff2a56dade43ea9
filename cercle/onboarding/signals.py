"""When someone joins a community, invite them to its introduction thread.

The joining actions (cercle.communities.actions.joining) record a `joined` activity event; we
listen to it rather than have each way of joining (open, approved request, invitation) call
onboarding. The invitation is made once the join is committed, and only for joins happening
now: the demo and imports write joins dated in the past, which invite nobody.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from cercle.activity.models import ActivityEvent, Verb

RECENT = timedelta(hours=1)


def _on_activity(sender, instance: ActivityEvent, created: bool, raw: bool = False, **kwargs):
    if not created or raw or instance.verb != Verb.JOINED or instance.object_id is None:
        return
    if instance.created_at < timezone.now() - RECENT:
        return
    from cercle.onboarding.actions import invite_newcomer

    membership_id = instance.object_id
    transaction.on_commit(lambda: invite_newcomer(membership_id), robust=True)


def connect() -> None:
    post_save.connect(_on_activity, sender=ActivityEvent, dispatch_uid="onboarding-joined")
