from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Community, Group, Invitation, Membership, MembershipState
from cercle.communities.permissions import check_can_invite
from cercle.lib.errors import Refused
from cercle.lib.mail import send_mail_template

MAX_EMAILS_AT_ONCE = 50
MAX_LINK_USES = 500
MAX_LINK_DAYS = 90


def parse_emails(raw: str) -> list[str]:
    """Addresses separated by commas, semicolons, spaces or lines; all must be valid."""
    candidates = [
        part.strip().lower()
        for part in raw.replace(";", ",").replace("\n", ",").replace(" ", ",").split(",")
        if part.strip()
    ]
    if not candidates:
        raise Refused(_("Give at least one email address."))
    if len(candidates) > MAX_EMAILS_AT_ONCE:
        raise Refused(_("At most %(n)d addresses at once.") % {"n": MAX_EMAILS_AT_ONCE})
    invalid = []
    for email in candidates:
        try:
            validate_email(email)
        except ValidationError:
            invalid.append(email)
    if invalid:
        raise Refused(_("These addresses are not valid: %(list)s") % {"list": ", ".join(invalid)})
    return list(dict.fromkeys(candidates))


@transaction.atomic
def invite_by_email(
    *,
    community: Community,
    inviter,
    emails: list[str],
    message: str = "",
    group: Group | None = None,
    at=None,
) -> tuple[list[Invitation], list[str]]:
    """Invite people by email. Returns the invitations sent and the addresses skipped because
    they already belong to the community."""
    membership = Membership.objects.select_related("community").get(
        community=community, user=inviter
    )
    check_can_invite(membership)
    at = at or timezone.now()
    # Members already, and members suspended or excluded (cercle.moderation): no invitation
    # brings these back (accepting one would be refused anyway).
    already = set(
        Membership.objects.filter(
            community=community,
            state__in=[MembershipState.ACTIVE, MembershipState.SUSPENDED],
            user__email__in=emails,
        ).values_list("user__email", flat=True)
    )
    sent = []
    for email in emails:
        if email in already:
            continue
        invitation = Invitation.objects.create(
            community=community,
            group=group,
            created_by=inviter,
            email=email,
            message=message.strip(),
            max_uses=1,
            created_at=at,
            expires_at=at + timedelta(days=settings.INVITATION_DEFAULT_DAYS),
        )
        record(
            community=community,
            actor=inviter,
            verb=Verb.INVITED,
            group=group,
            object_kind=ObjectKind.INVITATION,
            object_id=invitation.pk,
            at=at,
        )
        sent.append(invitation)

    def send_all() -> None:
        for invitation in sent:
            send_mail_template(
                invitation.email,
                "communities/email/invitation",
                {
                    "invitation": invitation,
                    "community": community,
                    "inviter": inviter,
                    "url": reverse("communities:invitation", args=[invitation.token]),
                },
                reply_to=[inviter.email],
            )

    transaction.on_commit(send_all)
    return sent, sorted(already)


@transaction.atomic
def create_invitation_link(
    *,
    community: Community,
    inviter,
    max_uses: int,
    days: int,
    group: Group | None = None,
    at=None,
) -> Invitation:
    membership = Membership.objects.select_related("community").get(
        community=community, user=inviter
    )
    check_can_invite(membership)
    if not 1 <= max_uses <= MAX_LINK_USES:
        raise Refused(_("A link can be used from 1 to %(n)d times.") % {"n": MAX_LINK_USES})
    if not 1 <= days <= MAX_LINK_DAYS:
        raise Refused(_("A link can last from 1 to %(n)d days.") % {"n": MAX_LINK_DAYS})
    at = at or timezone.now()
    invitation = Invitation.objects.create(
        community=community,
        group=group,
        created_by=inviter,
        email="",
        max_uses=max_uses,
        created_at=at,
        expires_at=at + timedelta(days=days),
    )
    record(
        community=community,
        actor=inviter,
        verb=Verb.CREATED_INVITATION_LINK,
        group=group,
        object_kind=ObjectKind.INVITATION,
        object_id=invitation.pk,
        at=at,
    )
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by, at=None) -> Invitation:
    if invitation.revoked_at:
        raise Refused(_("This invitation was already withdrawn."))
    invitation.revoked_at = at or timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        community=invitation.community,
        actor=by,
        verb=Verb.REVOKED_INVITATION,
        group=invitation.group,
        object_kind=ObjectKind.INVITATION,
        object_id=invitation.pk,
        at=invitation.revoked_at,
    )
    return invitation
