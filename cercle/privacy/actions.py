"""Personal data (GDPR): a member's own archive, the deletion of their account, and the
export of a community's members that its charter allows.

Every table that holds a row about a person is listed once, in `_personal_tables`, so that the
archive and the deletion cover the same ground.
"""

import csv
import io
import json
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Count, F
from django.utils import timezone

from cercle.accounts import sessions
from cercle.accounts.models import LoginSession, User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.actions.charter import current_charter
from cercle.communities.models import (
    Charter,
    CharterAcceptance,
    Community,
    GroupMembership,
    Invitation,
    Membership,
    MembershipState,
)
from cercle.privacy.fields import ALWAYS_EXPORTED, EXPORTABLE_FIELDS
from cercle.privacy.models import DataExport, ExportStatus

FORMAT_VERSION = 1


# --- A member's own archive ----------------------------------------------------------------


def _value(field: models.Field, obj: models.Model):
    value = field.value_from_object(obj)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _rows(queryset: Iterable[models.Model], *, exclude: tuple[str, ...] = ()) -> list[dict]:
    """Every stored column of each row (foreign keys as ids): nothing is left out by accident
    when a model grows a field."""
    return [
        {
            f.attname if f.is_relation else f.name: _value(f, obj)
            for f in obj._meta.concrete_fields
            if f.name not in exclude
        }
        for obj in queryset
    ]


def _optional_model(app_label: str, name: str) -> type[models.Model] | None:
    # Models that other parts of Cercle add (attachments, drafts, moderation) are exported when
    # they are installed.
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def personal_data(user: User) -> dict:
    """Everything Cercle stores about `user` as JSON-ready data, one key per kind."""
    from cercle.discussions.models import IdeaVote, PollVote, Post, Reaction, Topic
    from cercle.members.models import Profile
    from cercle.notifications.models import Follow, Notification, NotificationPreference

    profile = Profile.objects.filter(user=user).prefetch_related("skills", "interests").first()
    profile_data = None
    if profile is not None:
        profile_data = _rows([profile])[0]
        profile_data["skills"] = [t.name for t in profile.skills.all()]
        profile_data["interests"] = [t.name for t in profile.interests.all()]
    memberships = Membership.objects.filter(user=user).select_related("community")
    data = {
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": _rows([user], exclude=("password",))[0],
        "email_addresses": _rows(user.emailaddress_set.all()),
        "profile": profile_data,
        "memberships": [
            {**row, "community_name": m.community.name, "community_slug": m.community.slug}
            for row, m in zip(_rows(memberships), memberships, strict=True)
        ],
        "charter_acceptances": _rows(CharterAcceptance.objects.filter(user=user)),
        "group_memberships": _rows(GroupMembership.objects.filter(user=user)),
        "invitations_sent": _rows(Invitation.objects.filter(created_by=user), exclude=("token",)),
        "topics_started": _rows(Topic.objects.filter(author=user)),
        "posts": _rows(Post.objects.filter(author=user).order_by("created_at")),
        "reactions": _rows(Reaction.objects.filter(user=user)),
        "idea_votes": _rows(IdeaVote.objects.filter(user=user)),
        "poll_votes": _rows(PollVote.objects.filter(user=user)),
        "notification_preferences": _rows(NotificationPreference.objects.filter(user=user)),
        "follows": _rows(Follow.objects.filter(user=user)),
        "notifications": _rows(Notification.objects.filter(recipient=user)),
        "sessions": _rows(LoginSession.objects.filter(user=user), exclude=("session_key",)),
    }
    for label, app_label, name, owner in [
        ("attachments", "discussions", "Attachment", "uploaded_by"),
        ("drafts", "discussions", "Draft", "author"),
        ("reports_made", "moderation", "Report", "reporter"),
    ]:
        model = _optional_model(app_label, name)
        if model is not None and owner in {f.name for f in model._meta.fields}:
            data[label] = _rows(model.objects.filter(**{owner: user}))
    return data


def _uploaded_files(user: User) -> list[tuple[str, models.fields.files.FieldFile]]:
    """(name in the archive, file) for every file this person uploaded."""
    from cercle.members.models import Profile

    files = []
    profile = Profile.objects.filter(user=user).first()
    if profile is not None and profile.photo:
        files.append((f"files/photo/{PurePosixPath(profile.photo.name).name}", profile.photo))
    attachment = _optional_model("discussions", "Attachment")
    if attachment is not None:
        for item in attachment.objects.filter(uploaded_by=user):
            safe = PurePosixPath(item.file.name).name
            files.append((f"files/attachments/{item.pk}-{safe}", item.file))
    return files


def write_archive(user: User, out) -> None:
    """Write the ZIP (data.json, README.txt and the uploaded files) to the binary file `out`."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(personal_data(user), cls=DjangoJSONEncoder, indent=2)
        )
        archive.writestr(
            "README.txt",
            "Cercle: all the data stored about your account.\n"
            "data.json holds one list per kind (account, profile, memberships, posts, "
            "reactions, notification preferences, invitations sent...).\n"
            "files/ holds the files you uploaded.\n",
        )
        for name, field_file in _uploaded_files(user):
            try:
                with field_file.open("rb") as source, archive.open(name, "w") as target:
                    for chunk in iter(lambda s=source: s.read(1 << 16), b""):
                        target.write(chunk)
            except FileNotFoundError:
                continue  # a file lost from the disk is not a reason to refuse the archive


def request_export(*, user: User) -> DataExport:
    """Queue the building of a new archive (the worker builds it; tests build it at once)."""
    from cercle.privacy.tasks import build_data_export

    export = DataExport.objects.create(user=user)
    # With the database backend, the task row commits together with the export row.
    build_data_export.enqueue(export.pk)
    return export


def build_export(export: DataExport) -> DataExport:
    with tempfile.TemporaryFile() as tmp:
        write_archive(export.user, tmp)
        tmp.seek(0)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        export.file.save(f"cercle-{export.user_id}-{stamp}.zip", File(tmp), save=False)
    export.size = export.file.size
    export.status = ExportStatus.READY
    export.ready_at = timezone.now()
    export.save(update_fields=["file", "size", "status", "ready_at"])
    return export


def delete_expired_exports() -> int:
    expired = list(DataExport.objects.filter(expires_at__lte=timezone.now()))
    for export in expired:
        _delete_export(export)
    return len(expired)


def _delete_export(export: DataExport) -> None:
    if export.file:
        export.file.delete(save=False)
    export.delete()


# --- Deleting an account -------------------------------------------------------------------


def _erase_posts(user: User, *, at: datetime) -> int:
    """Delete the content of every post this person wrote: the rows stay (replies keep their
    place in threads) but are deleted and emptied; their revisions and search entries go."""
    from cercle.discussions.models import Post, PostRevision, SearchDocument, Topic

    posts = Post.objects.filter(author=user)
    per_topic = dict(
        posts.filter(deleted_at__isnull=True)
        .values_list("topic_id")
        .annotate(n=Count("id"))
        .values_list("topic_id", "n")
    )
    erased = posts.count()
    attachment = _optional_model("discussions", "Attachment")
    if attachment is not None:
        for item in attachment.objects.filter(post__author=user):
            item.delete()  # its file goes with it, once committed
    PostRevision.objects.filter(post__author=user).delete()
    SearchDocument.objects.filter(post__author=user).delete()
    posts.filter(deleted_at__isnull=True).update(deleted_at=at)
    posts.update(body="", body_html="")
    Topic.objects.filter(author=user, deleted_at__isnull=True).update(deleted_at=at)
    Topic.objects.filter(author=user).update(framing="", framing_html="")
    for topic_id, n in per_topic.items():
        Topic.objects.filter(pk=topic_id).update(post_count=F("post_count") - n)
        latest = (
            Post.objects.filter(topic_id=topic_id, deleted_at__isnull=True)
            .order_by("-created_at", "-pk")
            .values("created_at", "author_id")
            .first()
        )
        if latest is not None:
            Topic.objects.filter(pk=topic_id).update(
                last_post_at=latest["created_at"], last_post_by_id=latest["author_id"]
            )
    return erased


@transaction.atomic
def delete_account(*, user: User, erase_posts: bool = False, at: datetime | None = None) -> None:
    """Delete this person's account for good.

    Their memberships, profile, reactions, votes, follows, notifications, invitations and
    sessions go with it. Their posts stay, shown as written by "former member" (the author
    becomes empty), unless `erase_posts`, which deletes their content too.
    """
    at = at or timezone.now()
    if erase_posts:
        _erase_posts(user, at=at)
    for membership in Membership.objects.filter(
        user=user, state=MembershipState.ACTIVE
    ).select_related("community"):
        # The departure stays in the community's history, without saying who left.
        record(
            community=membership.community,
            verb=Verb.LEFT,
            object_kind=ObjectKind.MEMBERSHIP,
            object_id=membership.pk,
            at=at,
        )
    from cercle.members.models import Profile

    profile = Profile.objects.filter(user=user).first()
    if profile is not None and profile.photo:
        photo = profile.photo
        name, storage = photo.name, photo.storage
        transaction.on_commit(lambda: storage.delete(name))
    for export in DataExport.objects.filter(user=user):
        _delete_export(export)
    sessions.end_all_sessions(user)
    user.delete()


# --- A community's members, as its charter allows ------------------------------------------


def charter_fields(community: Community) -> tuple[list[str], dict[int, set[str]]]:
    """The fields the current charter allows, and those each version allowed."""
    current = current_charter(community)
    allowed = [k for k in (current.exportable_fields if current else []) if k in EXPORTABLE_FIELDS]
    by_version = {
        version: set(fields)
        for version, fields in Charter.objects.filter(community=community).values_list(
            "version", "exportable_fields"
        )
    }
    return allowed, by_version


def _field_value(key: str, membership: Membership, groups: list[str]):
    user = membership.user
    profile = getattr(user, "profile", None)
    match key:
        case "name":
            return user.name
        case "role":
            return str(membership.get_role_display())
        case "joined_at":
            return membership.joined_at.date().isoformat() if membership.joined_at else ""
        case "email":
            return user.email
        case "skills" | "interests":
            return [t.name for t in getattr(profile, key).all()] if profile else []
        case "groups":
            return groups
        case _:
            return getattr(profile, key, "") if profile else ""


def community_members_data(community: Community) -> tuple[list[str], list[dict]]:
    """(columns, one dict per active member) with only what the charter lets animators export.

    A member who has not yet accepted the current charter is exported with the fields of the
    version they did accept, and no more.
    """
    allowed, by_version = charter_fields(community)
    columns = [*ALWAYS_EXPORTED, *allowed]
    memberships = (
        Membership.objects.filter(community=community, state=MembershipState.ACTIVE)
        .select_related("user__profile")
        .prefetch_related(*[f"user__profile__{k}" for k in ("skills", "interests") if k in allowed])
        .order_by("user__name", "pk")
    )
    groups: dict[int, list[str]] = {}
    if "groups" in allowed:
        for user_id, name in GroupMembership.objects.filter(group__community=community).values_list(
            "user_id", "group__name"
        ):
            groups.setdefault(user_id, []).append(name)
    rows = []
    for membership in memberships:
        consented = set(allowed) & by_version.get(membership.charter_version, set())
        row = {}
        for key in columns:
            if key in ALWAYS_EXPORTED or key in consented:
                row[key] = _field_value(key, membership, groups.get(membership.user_id, []))
            else:
                row[key] = None
        rows.append(row)
    return columns, rows


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(value)
    text = str(value)
    # A cell that a spreadsheet would run as a formula is written as text (CSV injection).
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        text = "'" + text
    return text


def community_members_csv(community: Community) -> str:
    columns, rows = community_members_data(community)
    out = io.StringIO()
    writer = csv.writer(out)
    labels = {**ALWAYS_EXPORTED, **EXPORTABLE_FIELDS}
    writer.writerow([str(labels[c]) for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(row[c]) for c in columns])
    return out.getvalue()


def community_members_json(community: Community) -> str:
    columns, rows = community_members_data(community)
    return json.dumps(
        {"community": community.slug, "fields": columns, "members": rows},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=2,
    )
