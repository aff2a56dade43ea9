from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Charter, CharterAcceptance, Community, Membership
from cercle.lib.errors import Refused


@transaction.atomic
def publish_charter(
    *,
    community: Community,
    body: str,
    by,
    summary: str = "",
    exportable_fields: list[str] | None = None,
    at=None,
) -> Charter:
    """Publish a new charter version. Members will be asked to accept it at their next visit.

    The publisher accepts it at once (they wrote it). `exportable_fields` (keys of
    cercle.privacy.fields) says what the animators may export about members; None keeps the
    previous version's list.
    """
    if not body.strip():
        raise Refused(_("A charter cannot be empty."))
    at = at or timezone.now()
    # Lock the community row so two animators publishing at once get distinct versions.
    locked = Community.objects.select_for_update().get(pk=community.pk)
    version = locked.charter_version + 1
    if exportable_fields is None:
        previous = community.charters.filter(version=locked.charter_version).first()
        exportable_fields = previous.exportable_fields if previous else []
    charter = Charter.objects.create(
        community=community,
        version=version,
        body=body,
        summary_of_changes=summary,
        exportable_fields=sorted(set(exportable_fields)),
        published_by=by,
        published_at=at,
    )
    Community.objects.filter(pk=community.pk).update(charter_version=version)
    community.charter_version = version
    record(
        community=community,
        actor=by,
        verb=Verb.PUBLISHED_CHARTER,
        object_kind=ObjectKind.CHARTER,
        object_id=charter.pk,
        at=at,
    )
    membership = Membership.objects.filter(community=community, user=by).first()
    if membership is not None and membership.is_active:
        accept_charter(membership=membership, at=at)
    return charter


def current_charter(community: Community) -> Charter | None:
    return community.charters.filter(version=community.charter_version).first()


@transaction.atomic
def accept_charter(*, membership: Membership, at=None) -> CharterAcceptance | None:
    """Record that this member accepts the community's current charter version."""
    at = at or timezone.now()
    charter = current_charter(membership.community)
    if charter is None:
        return None
    acceptance, created = CharterAcceptance.objects.get_or_create(
        charter=charter, user=membership.user, defaults={"accepted_at": at}
    )
    Membership.objects.filter(pk=membership.pk).update(charter_version=charter.version)
    membership.charter_version = charter.version
    if created:
        record(
            community=membership.community,
            actor=membership.user,
            verb=Verb.ACCEPTED_CHARTER,
            object_kind=ObjectKind.CHARTER,
            object_id=charter.pk,
            at=at,
        )
    return acceptance
