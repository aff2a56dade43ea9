"""The people of an imported archive: claiming their account, and merging two identities.

Claim. An import gives each author an account that cannot log in (accounts.User.imported_at,
an unusable password, a placeholder address). Its owner asks for a link at /claim/ with the
address the archive knows them by; the link (signed, valid three days) is mailed to that
address, so following it proves the address is theirs. Then:
- not logged in, no account with that address: they choose a password and the imported account
  becomes theirs, under their real address;
- logged in (or once they have logged in, when an account with that address already exists):
  the imported history joins the account they are using, community by community, through the
  same merge as below (recorded, not undone by animators: the owner proved the address).

Merge. An animator (or `cercle identities merge`) says that an imported identity is the same
person as another identity or a member: all the first one's posts, topics, reactions, imported
identities and membership in that community go to the second. Only identities nobody has
claimed can be merged away; what moved is recorded in an IdentityMerge, and `undo_merge` puts
exactly that back. A Stack Exchange identity has no address to claim: a merge by an animator
is the only way to give it to its owner's account.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from allauth.account.models import EmailAddress
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.communities.models import Community, Membership, Role
from cercle.discussions.models import Post, Reaction, Topic
from cercle.lib.errors import Refused
from cercle.lib.mail import send_mail_template

from .models import IdentityMerge, SourceIdentity

CLAIM_SALT = "cercle.connectors.claim"
CLAIM_MAX_AGE = 3 * 24 * 3600
MERGERS = Role.CO_ANIMATOR  # who merges identities: the community's animators
CHUNK = 500


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


# --- Finding people -----------------------------------------------------------------------


def find_person(community: Community, ref: str) -> User | None:
    """The account an animator means by `ref`: an imported identity's key or address, or the
    address of a member of the community."""
    ref = ref.strip()
    identity = (
        SourceIdentity.objects.filter(community=community)
        .filter(Q(key=ref) | Q(key=ref.lower()) | Q(email=ref.lower()))
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if identity is not None:
        return identity.user
    return (
        User.objects.filter(email=ref.lower(), memberships__community=community)
        .order_by("pk")
        .first()
    )


def claimable_accounts(address: str):
    """The unclaimed imported accounts that stand for someone of an archive with this address."""
    return User.objects.filter(
        pk__in=SourceIdentity.objects.filter(email=address.strip().lower()).values("user_id"),
        imported_at__isnull=False,
        claimed_at__isnull=True,
    )


# --- Merge and undo -------------------------------------------------------------------------


def _check_merger(community: Community, by: User | None) -> None:
    """`by` None is the site's operator, on the command line."""
    if by is None:
        return
    membership = Membership.objects.filter(community=community, user=by).first()
    if membership is None or not membership.has_role(MERGERS):
        raise Refused(_("Only the community's animators can merge identities."))


@transaction.atomic
def merge_identities(
    *, community: Community, person: User, into: User, by: User | None, is_claim: bool = False
) -> IdentityMerge:
    """Give `person`'s part in `community` (an imported, unclaimed account) to `into`."""
    if not is_claim:
        _check_merger(community, by)
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.pk == into.pk:
        raise Refused(_("These are already the same person."))
    if not person.is_unclaimed:
        raise Refused(
            _("%(name)s has claimed their account: it can no longer be merged into another one.")
            % {"name": person.name}
        )
    in_community = Membership.objects.filter(community=community, user=into).exists() or (
        SourceIdentity.objects.filter(community=community, user=into).exists()
    )
    # A claim may bring its owner into a community they were not in: the membership follows.
    if not in_community and not is_claim:
        raise Refused(
            _("%(name)s is not a member of this community.") % {"name": into.name or into.email}
        )
    moved = _move(community, person, into)
    return IdentityMerge.objects.create(
        community=community,
        from_user=person,
        into_user=into,
        is_claim=is_claim,
        by=by,
        moved=moved,
    )


def _move(community: Community, person: User, into: User) -> dict:
    posts = Post.objects.filter(community=community, author=person)
    topics = Topic.objects.filter(community=community)
    moved: dict = {
        "posts": list(posts.values_list("pk", flat=True)),
        "topics": list(topics.filter(author=person).values_list("pk", flat=True)),
        "last_posts": list(topics.filter(last_post_by=person).values_list("pk", flat=True)),
        "identities": list(
            SourceIdentity.objects.filter(community=community, user=person).values_list(
                "pk", flat=True
            )
        ),
        "reactions": [],
        "dropped_reactions": [],
        "membership": None,
        "dropped_membership": None,
    }
    posts.update(author=into)
    topics.filter(author=person).update(author=into)
    topics.filter(last_post_by=person).update(last_post_by=into)
    SourceIdentity.objects.filter(pk__in=moved["identities"]).update(user=into)

    reactions = Reaction.objects.filter(post__community=community, user=person)
    theirs = set(
        Reaction.objects.filter(post__community=community, user=into).values_list("post_id", "kind")
    )
    dropped = []
    for pk, post_id, kind, created_at in reactions.values_list(
        "pk", "post_id", "kind", "created_at"
    ):
        if (post_id, kind) in theirs:  # both reacted the same way: one reaction is kept
            dropped.append(pk)
            moved["dropped_reactions"].append([post_id, kind, created_at.isoformat()])
        else:
            moved["reactions"].append(pk)
    Reaction.objects.filter(pk__in=dropped).delete()
    for chunk in _chunks(moved["reactions"]):
        Reaction.objects.filter(pk__in=chunk).update(user=into)

    membership = Membership.objects.filter(community=community, user=person).first()
    if membership is not None:
        if Membership.objects.filter(community=community, user=into).exists():
            moved["dropped_membership"] = {
                "role": membership.role,
                "state": membership.state,
                "created_at": membership.created_at.isoformat(),
                "joined_at": membership.joined_at.isoformat() if membership.joined_at else None,
                "charter_version": membership.charter_version,
            }
            membership.delete()
        else:
            membership.user = into
            membership.save(update_fields=["user"])
            moved["membership"] = membership.pk
    return moved


@transaction.atomic
def undo_merge(*, merge: IdentityMerge, by: User | None) -> IdentityMerge:
    """Put back exactly what the merge moved (what `into` did since stays theirs)."""
    merge = IdentityMerge.objects.select_for_update().get(pk=merge.pk)
    _check_merger(merge.community, by)
    if merge.undone_at is not None:
        raise Refused(_("This merge was already undone."))
    if merge.is_claim:
        raise Refused(_("A claimed account cannot be split again: its owner proved who they are."))
    later = IdentityMerge.objects.filter(
        community=merge.community,
        from_user=merge.into_user,
        created_at__gte=merge.created_at,
        undone_at__isnull=True,
    ).exclude(pk=merge.pk)
    if later.exists():
        raise Refused(
            _("%(name)s was merged into someone else since: undo that merge first.")
            % {"name": merge.into_user.name}
        )
    person, into, moved = merge.from_user, merge.into_user, merge.moved
    for chunk in _chunks(moved["posts"]):
        Post.objects.filter(pk__in=chunk, author=into).update(author=person)
    for chunk in _chunks(moved["topics"]):
        Topic.objects.filter(pk__in=chunk, author=into).update(author=person)
    for chunk in _chunks(moved["last_posts"]):
        Topic.objects.filter(pk__in=chunk, last_post_by=into).update(last_post_by=person)
    SourceIdentity.objects.filter(pk__in=moved["identities"], user=into).update(user=person)
    for chunk in _chunks(moved["reactions"]):
        Reaction.objects.filter(pk__in=chunk, user=into).update(user=person)
    Reaction.objects.bulk_create(
        [
            Reaction(post_id=post_id, user=person, kind=kind, created_at=created_at)
            for post_id, kind, created_at in moved["dropped_reactions"]
        ],
        ignore_conflicts=True,
    )
    has_membership = Membership.objects.filter(community=merge.community, user=person).exists()
    if moved.get("membership") and not has_membership:
        Membership.objects.filter(pk=moved["membership"], user=into).update(user=person)
    elif moved.get("dropped_membership") and not has_membership:
        kept = moved["dropped_membership"]
        Membership.objects.create(
            community=merge.community,
            user=person,
            role=kept["role"],
            state=kept["state"],
            created_at=kept["created_at"],
            joined_at=kept["joined_at"],
            charter_version=kept["charter_version"],
        )
    merge.undone_at = timezone.now()
    merge.undone_by = by
    merge.save(update_fields=["undone_at", "undone_by"])
    return merge


# --- Claim ----------------------------------------------------------------------------------


def claim_token(address: str) -> str:
    return signing.dumps({"email": address.strip().lower()}, salt=CLAIM_SALT)


def read_claim_token(token: str) -> str:
    """The address a claim link was sent to, or Refused when the link is wrong or too old."""
    try:
        data = signing.loads(token, salt=CLAIM_SALT, max_age=CLAIM_MAX_AGE)
    except signing.SignatureExpired:
        raise Refused(_("This link is more than three days old: ask for a new one.")) from None
    except signing.BadSignature:
        raise Refused(_("This link is not valid: copy it whole from the email.")) from None
    return data["email"]


def send_claim_link(*, address: str, url: str) -> bool:
    """Mail the link (`url`, made from claim_token) to `address`, if someone of an archive has
    it. Returns whether a mail was sent."""
    address = address.strip().lower()
    accounts = list(claimable_accounts(address))
    if not accounts:
        return False
    communities = list(
        Community.objects.filter(
            pk__in=SourceIdentity.objects.filter(user__in=accounts).values("community_id")
        ).order_by("name")
    )
    return send_mail_template(
        address,
        "connectors/email/claim",
        {"url": url, "names": sorted({a.name for a in accounts}), "communities": communities},
    )


def _communities_of(user: User) -> Iterable[Community]:
    ids = set(Membership.objects.filter(user=user).values_list("community_id", flat=True))
    ids |= set(SourceIdentity.objects.filter(user=user).values_list("community_id", flat=True))
    ids |= set(Post.objects.filter(author=user).values_list("community_id", flat=True).distinct())
    return Community.objects.filter(pk__in=ids)


@transaction.atomic
def claim(
    *,
    address: str,
    user: User | None = None,
    password: str = "",
    name: str = "",
) -> User:
    """The owner of `address` takes the imported accounts that stand for them: into `user`
    (the account they are logged in with), or, without one, the first imported account becomes
    theirs under that address with this password (and name, if given)."""
    address = address.strip().lower()
    accounts = list(claimable_accounts(address).select_for_update().order_by("pk"))
    if not accounts:
        raise Refused(
            _("Nothing is left to claim with this address: it may have been claimed already.")
        )
    now = timezone.now()
    if user is None:
        if User.objects.filter(email=address).exists():
            raise Refused(
                _("An account already uses this address: log in first, then follow the link again.")
            )
        account, rest = accounts[0], accounts[1:]
        account.email = address
        account.set_password(password)
        account.claimed_at = now
        if name.strip():
            account.name = name.strip()[:150]
        account.save()
        EmailAddress.objects.filter(email__iexact=address).delete()  # unverified leftovers
        EmailAddress.objects.create(user=account, email=address, verified=True, primary=True)
    else:
        account, rest = user, accounts
    for placeholder in rest:
        for community in _communities_of(placeholder):
            merge_identities(
                community=community, person=placeholder, into=account, by=account, is_claim=True
            )
        placeholder.claimed_at = now
        placeholder.is_active = False
        placeholder.save(update_fields=["claimed_at", "is_active"])
    return account
