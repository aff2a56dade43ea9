"""Every URL of the project, for every role and every community visibility.

The URLs are discovered from the URL configuration (allauth's and the admin's included), so a new
view cannot escape: a pattern whose parameters this file cannot fill fails the test, asking for a
line in PARAMS. Each URL is then requested by each role, in a community of each visibility:

- GET: a role the URL is not for must not get a 200; and nobody may read what they should not
  (the name of a hidden community, the topics and messages of a community they cannot read)
  in any response, whatever the URL;
- POST with a valid CSRF token and plausible form data: a role the URL is not for must change
  no row of any table (compared before and after, a few noise columns aside);
- POST without the CSRF token: refused (403) for every URL, changing nothing;
- nothing answers with a server error.

Expected access is declared per URL name in ACCESS, with a default derived from the
`community_view` decorator (`view.community_access`). `test_idor_*` then asks each community URL
for the objects of another community, and for guessed ids.

Every request runs in a savepoint that is rolled back, so the world is the same for each.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.crypto import get_random_string

ROLES = (
    "anonymous",
    "outsider",
    "pending",
    "member",
    "silenced",
    "suspended",
    "moderator",
    "animator",
    "staff",
)
VISIBILITIES = ("public", "members", "hidden")
ACTIVE = frozenset({"member", "silenced", "moderator", "animator"})

# --- Who may do what: the levels -------------------------------------------------------------


def allowed(level: str, role: str, visibility: str) -> bool:
    """May `role` use a URL of this `level`, in a community of this `visibility`?"""
    knows_hidden = role in ACTIVE | {"pending", "suspended", "staff"}
    sees = visibility != "hidden" or knows_hidden
    return {
        "any": True,
        "auth": role != "anonymous",
        "see": sees,  # the community's page, its charter, joining
        "join": sees and role in {"outsider", "staff"},  # not yet in it
        "content": visibility == "public" or role in ACTIVE,
        "member": role in ACTIVE,
        "poster": role in ACTIVE - {"silenced"},  # silenced members read but do not write
        "moderator": role in {"moderator", "animator"},
        "manager": role == "animator",
        "staff": role == "staff",
        "owner": role == "member",  # the object belongs to the "member" role's user
        "token": True,  # whoever holds a secret link
    }[level]


@dataclass(frozen=True)
class Rule:
    get: str
    post: str
    # Responses of this URL may name a hidden community to its holder (an invitation link).
    shows_hidden_name: bool = False


def rule(get: str, post: str | None = None, **kw) -> Rule:
    return Rule(get, post or get, **kw)


# Explicit rules; community views not listed get the rule of their decorator (see default_rule).
ACCESS: dict[str, Rule] = {
    "home": rule("any"),
    "set_language": rule("any"),
    "media": rule("any"),
    # allauth: its own views check what they need (we only require no leak and no error).
    "allauth:*": rule("any"),
    "admin:*": rule("staff"),
    "admin:login": rule("any"),
    "admin:logout": rule("any"),
    "admin:view_on_site": rule("any"),
    "admin:None": rule("staff"),
    # Accounts and personal pages.
    "accounts:preferences": rule("auth"),
    "accounts:sessions": rule("auth"),
    "accounts:session_end": rule("owner"),
    "accounts:sessions_end_others": rule("auth"),
    "members:edit_profile": rule("auth"),
    "privacy:export": rule("auth"),
    "privacy:export_download": rule("owner"),
    "privacy:delete_account": rule("auth"),
    "notifications:list": rule("auth"),
    "notifications:read_all": rule("auth"),
    "notifications:open": rule("owner"),
    "notifications:read": rule("owner"),
    "notifications:preferences": rule("auth"),
    "notifications:news": rule("auth"),
    "notifications:news_read": rule("auth"),
    "discussions:search_all": rule("any"),
    "discussions:drafts": rule("auth"),
    "discussions:discard_draft": rule("owner"),
    "communities:create": rule("auth"),
    "events:mine": rule("auth"),
    "events:my_calendar": rule("auth"),
    "events:my_time_zone": rule("auth"),
    "events:feed": rule("token", shows_hidden_name=True),
    "newsletters:preferences": rule("auth"),
    # One-click unsubscribe (RFC 8058): whoever holds the signed link; see CSRF_EXEMPT.
    "newsletters:unsubscribe": rule("token", shows_hidden_name=True),
    "communities:invitation": rule("token", "auth", shows_hidden_name=True),
    "connectors:claim": rule("any"),
    "connectors:claim_confirm": rule("token"),
    # Community views whose view checks more than their decorator says.
    "communities:join": rule("see", "join"),
    "communities:charter": rule("see", "member"),
    "communities:revoke": rule("member", "manager"),  # the invitation is the animator's
    "communities:group_set_animator": rule("content", "manager"),
    "discussions:topic": rule("content", "poster"),  # POST: reply
    "discussions:new": rule("content", "poster"),  # GET: the form, or why one cannot post
    "discussions:edit": rule("moderator"),  # the post is the animator's
    "discussions:delete": rule("content", "moderator"),
    "discussions:restore": rule("content", "moderator"),
    "discussions:accept": rule("content", "moderator"),
    "discussions:attachment": rule("content"),  # a file of a post: readable as the post is
    # The cockpit and the to-do list: animators (and group animators, who are not a role of
    # this world), not moderators nor members; the help page explains numbers, shows none.
    "cockpit:today": rule("manager"),
    "cockpit:thank": rule("manager"),
    "cockpit:introduce": rule("manager"),
    "cockpit:ask": rule("manager"),
    "cockpit:write": rule("manager"),
    "cockpit:set_aside": rule("manager"),
    "cockpit:overview": rule("manager"),
    "cockpit:lifecycle": rule("manager"),
    "cockpit:engagement": rule("manager"),
    "cockpit:trends": rule("manager"),
    "cockpit:report": rule("manager"),
    "cockpit:csv": rule("manager"),
    "cockpit:help": rule("auth"),
    # Help pages, for everyone. The library: members write (not those silenced); a resource,
    # a comment or a wiki page of the world is the animator's, so others only moderate it.
    "onboarding:help": rule("any"),
    "onboarding:help_page": rule("any"),
    "resources:share": rule("member", "poster"),
    "resources:detail": rule("content", "poster"),  # POST: comment
    "resources:edit": rule("moderator"),
    "resources:delete": rule("moderator"),
    "resources:comment_delete": rule("moderator"),
    "resources:wiki_new": rule("member", "poster"),
    "resources:wiki_edit": rule("member", "poster"),
    "resources:wiki_restore": rule("member", "poster"),
    "resources:wiki_delete": rule("moderator"),
}


def default_rule(callback) -> Rule | None:
    spec = getattr(callback, "community_access", None)
    if spec is None:
        return None
    from cercle.communities.models import Role

    if spec["min_role"] is not None:
        level = {
            Role.MEMBER: "member",
            Role.MODERATOR: "moderator",
        }.get(spec["min_role"], "manager")
    elif spec["members_only"]:
        level = "member"
    elif spec["content"]:
        level = "content"
    else:
        level = "see"
    return rule(level)


# --- URL discovery ---------------------------------------------------------------------------

PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>")


@dataclass
class Route:
    name: str
    route: str
    callback: object
    params: list[str] = field(default_factory=list)

    @property
    def community_bound(self) -> bool:
        return "slug" in self.params

    def url(self, values: dict[str, str]) -> str:
        def fill(match: re.Match) -> str:
            return str(values[match.group("name") or match.group("rname")])

        # Regex patterns (allauth, admin, media) become plain paths once their groups are filled.
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), self.route)
        path = PARAM.sub(fill, path)
        path = path.replace("^", "").replace("$", "").replace("\\", "")
        path = re.sub(r"\(\?:[^)]*\)\??", "", path)
        return "/" + path


def _walk(resolver, prefix="", namespace=None, module=None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(x for x in (namespace, entry.namespace) if x) or None
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            route = prefix + str(entry.pattern)
            params = [m.group("name") or m.group("rname") for m in PARAM.finditer(route)]
            yield Route(name, route, entry.callback, list(dict.fromkeys(params)))


def discover() -> list[Route]:
    return list(_walk(get_resolver()))


def rule_for(route: Route) -> Rule:
    if route.name in ACCESS:
        return ACCESS[route.name]
    derived = default_rule(route.callback)
    if derived is not None:
        return derived
    if route.callback.__module__.startswith("allauth."):
        return ACCESS["allauth:*"]
    if route.name.startswith("admin:"):
        return ACCESS["admin:*"]
    pytest.fail(
        f"No access rule for URL {route.name!r} ({route.route}): declare who may use it in "
        "ACCESS in cercle/project/tests/test_access_matrix.py."
    )


# --- The world: one community of each visibility, one user per role --------------------------

MARKERS = {
    vis: {
        "name": f"Zq{vis}name",
        "topic": f"Zq{vis}topictitle",
        "post": f"Zq{vis}postbody",
    }
    for vis in VISIBILITIES
}
PASSWORD = "correct horse 42"


@dataclass
class Place:
    community: object
    topic: object
    reply: object
    group: object
    category: object
    invitation: object
    pending: object  # the pending role's membership
    member: object  # the member role's membership
    extra: dict = field(default_factory=dict)


@dataclass
class World:
    users: dict
    places: dict
    owned: dict  # objects of the "member" role's user


def _place(
    vis,
    users,
    make_community,
    *,
    marker_prefix=None,
    animator=None,
    roles=("pending", "member", "silenced", "suspended", "moderator"),
) -> Place:
    from cercle.communities.actions.groups import create_group
    from cercle.communities.actions.invitations import create_invitation_link
    from cercle.communities.models import Membership, MembershipState, Role
    from cercle.discussions.actions import reply, start_topic
    from cercle.discussions.models import Category

    markers = MARKERS[vis] if marker_prefix is None else marker_prefix
    animator = animator or users["animator"]
    community = make_community(
        animator=animator,
        slug=f"zz-{vis}" if marker_prefix is None else f"zz-other-{vis}",
        name=markers["name"],
        visibility=vis,
        entry_mode="request",
    )
    states = {
        "pending": MembershipState.PENDING,
        "suspended": MembershipState.SUSPENDED,
    }
    memberships = {}
    for role in roles:
        memberships[role] = Membership.objects.create(
            community=community,
            user=users[role],
            role=Role.MODERATOR if role == "moderator" else Role.MEMBER,
            state=states.get(role, MembershipState.ACTIVE),
            joined_at=timezone.now(),
            charter_version=community.charter_version,
        )
    if "silenced" in memberships:
        _silence(memberships["silenced"])
    category = Category.objects.create(community=community, name="Cat", slug=f"cat-{vis}")
    topic = start_topic(
        community=community,
        author=animator,
        kind="discussion",
        title=markers["topic"],
        body=markers["post"],
        category=category,
    )
    answer = reply(topic=topic, author=animator, body=markers["post"] + " again")
    # Another name in the other community: group slugs are only unique within a community.
    group_name = "Lyon" if marker_prefix is None else "Grenoble"
    group = create_group(community=community, by=animator, name=group_name, kind="local")
    invitation = create_invitation_link(community=community, inviter=animator, max_uses=5, days=7)
    place = Place(
        community=community,
        topic=topic,
        reply=answer,
        group=group,
        category=category,
        invitation=invitation,
        pending=memberships.get("pending"),
        member=memberships.get("member"),
    )
    place.extra = _other_apps_objects(place, users, animator)
    return place


def _silence(membership) -> None:
    try:
        from cercle.moderation.models import Standing
    except ImportError:  # moderation not installed: the role is then an ordinary member
        return
    Standing.objects.update_or_create(
        membership=membership, defaults={"silenced_at": timezone.now()}
    )


def _other_apps_objects(place: Place, users, animator) -> dict:
    """Rows of the apps that hang off discussions and communities (events, moderation, files).

    Built with the ORM, with the fewest fields each model requires: when a model changes, adjust
    its line here.
    """
    from django.apps import apps
    from django.core.files.base import ContentFile

    extra: dict = {}
    community = place.community
    if apps.is_installed("cercle.events"):
        from cercle.events.models import Event, EventSeries

        start = timezone.now() + timedelta(days=3)
        extra["event_id"] = Event.objects.create(
            community=community,
            title="Rencontre",
            time_zone="Europe/Paris",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=animator,
        ).pk
        extra["series_id"] = EventSeries.objects.create(
            community=community,
            title="Chaque mois",
            time_zone="Europe/Paris",
            rule="monthly",
            first_start=start,
            duration=timedelta(hours=1),
            materialised_until=start,
            created_by=animator,
        ).pk
    if apps.is_installed("cercle.moderation"):
        from cercle.moderation.models import ModerationAction, PendingPost, Report

        extra["report_id"] = Report.objects.create(
            community=community,
            target="post",
            post=place.reply,
            reported_user=animator,
            reason="spam",
        ).pk
        extra["pending_id"] = PendingPost.objects.create(
            community=community,
            topic=place.topic,
            author=users["member"],
            body="Waiting",
            why="first_posts",
        ).pk
        extra["action_id"] = ModerationAction.objects.create(
            community=community, kind="warn", reason="Rappel", by=animator
        ).pk
    newsletter = _optional("newsletters", "Newsletter")
    if newsletter is not None:
        extra["newsletter_id"] = newsletter.objects.create(
            community=community, title="Lettre", status="sent", sent_at=timezone.now()
        ).pk
    identity = _optional("connectors", "SourceIdentity")
    if identity is not None:
        extra["identity_id"] = identity.objects.create(
            community=community,
            source="mbox",
            key=f"key-{community.slug}",
            name="Imported",
            user=animator,
            original_user=animator,
        ).pk
    job = _optional("connectors", "ImportJob")
    if job is not None:  # an upload imported from Manage > Import an archive
        extra["import_job_id"] = job.objects.create(
            community=community,
            started_by=animator,
            kind="mbox",
            state="done",
            upload_name="list.mbox",
            summary={"posts": 1, "threads": 1, "skipped": []},
        ).pk
    attachment = _optional("discussions", "Attachment")
    if attachment is not None:
        item = attachment(
            post=place.reply,
            community=community,
            uploaded_by=animator,
            name="notes.txt",
            content_type="text/plain",
            size=5,
        )
        item.file.save("notes.txt", ContentFile(b"notes"), save=True)
        extra["attachment_id"] = item.pk
    ritual = _optional("rituals", "Ritual")
    if ritual is not None:
        extra["ritual_id"] = ritual.objects.create(
            community=community,
            name="Présentations",
            title_template="Présentez-vous",
            body_template="Bienvenue",
            starts_on=timezone.localdate(),
            time_of_day="09:00",
            time_zone="Europe/Paris",
            author=animator,
        ).pk
    resource = _optional("resources", "Resource")
    if resource is not None:
        from cercle.resources.models import ResourceComment, WikiPage, WikiRevision

        item = resource.objects.create(
            community=community,
            kind="link",
            title="Lien",
            url="https://example.org/",
            shared_by=animator,
        )
        extra["resource_id"] = item.pk
        extra["comment_id"] = ResourceComment.objects.create(
            resource=item, author=animator, body="Avis", body_html="<p>Avis</p>"
        ).pk
        page = WikiPage.objects.create(
            community=community, slug=f"guide-{community.slug}", title="Guide", revision_number=1
        )
        WikiRevision.objects.create(
            page=page, number=1, title="Guide", body="Texte", author=animator
        )
        extra["page_slug"] = page.slug
    return extra


def _optional(app_label, name):
    from django.apps import apps

    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _users(make_user) -> dict:
    users = {role: make_user(f"Role {role}", f"{role}@example.org") for role in ROLES[1:]}
    users["staff"].is_staff = users["staff"].is_superuser = True
    users["staff"].save()
    return users


def _owned(users, place: Place) -> dict:
    """Objects that belong to the "member" role's user (the IDOR targets of the other roles)."""
    from cercle.accounts.models import LoginSession
    from cercle.notifications.models import Notification
    from cercle.privacy.models import DataExport

    member = users["member"]
    owned = {
        "notification_id": Notification.objects.create(
            recipient=member,
            community=place.community,
            kind="reply",
            actor=users["animator"],
            topic=place.topic,
            post=place.reply,
        ).pk,
        "session_id": LoginSession.objects.create(user=member, session_key="x" * 32).pk,
        "export_id": DataExport.objects.create(user=member).pk,
    }
    draft = _optional("discussions", "Draft")
    if draft is not None:
        owned["draft_id"] = draft.objects.create(user=member, community=place.community).pk
    calendar = _optional("events", "CalendarFeed")
    if calendar is not None:
        owned["calendar_token"] = calendar.objects.create(user=member).token
    return owned


@pytest.fixture
def world(db, make_user, make_community, settings) -> World:
    settings.AXES_ENABLED = False  # hundreds of logins from one address are not an attack here
    users = _users(make_user)
    places = {vis: _place(vis, users, make_community) for vis in VISIBILITIES}
    return World(users=users, places=places, owned=_owned(users, places["public"]))


# --- Filling a URL's parameters --------------------------------------------------------------

# parameter name -> value, from the community (place) under test and the world.
PARAMS = {
    "slug": lambda w, p, r: p.community.slug,
    "topic_id": lambda w, p, r: p.topic.pk,
    "post_id": lambda w, p, r: p.reply.pk,
    "group_slug": lambda w, p, r: p.group.slug,
    "category_slug": lambda w, p, r: p.category.slug,
    "invitation_id": lambda w, p, r: p.invitation.pk,
    "membership_id": lambda w, p, r: (
        p.pending.pk if r.name == "communities:decide_request" else p.member.pk
    ),
    "user_id": lambda w, p, r: p.member.user_id,
    "token": lambda w, p, r: {
        "events:feed": lambda: w.owned["calendar_token"],
        "connectors:claim_confirm": lambda: "not-a-claim-token",
        "newsletters:unsubscribe": lambda: "not-a-signed-token",
    }.get(r.name, lambda: p.invitation.token)(),
    # No merge is built in the world: every role gets a 404 (add one to test the undo itself).
    "merge_id": lambda w, p, r: 999_999,
    "notification_id": lambda w, p, r: w.owned["notification_id"],
    "session_id": lambda w, p, r: w.owned["session_id"],
    "export_id": lambda w, p, r: w.owned["export_id"],
    "draft_id": lambda w, p, r: w.owned["draft_id"],
    "event_id": lambda w, p, r: p.extra["event_id"],
    "series_id": lambda w, p, r: p.extra["series_id"],
    "report_id": lambda w, p, r: p.extra["report_id"],
    "pending_id": lambda w, p, r: p.extra["pending_id"],
    "action_id": lambda w, p, r: p.extra["action_id"],
    "attachment_id": lambda w, p, r: p.extra["attachment_id"],
    "identity_id": lambda w, p, r: p.extra["identity_id"],
    "job_id": lambda w, p, r: p.extra["import_job_id"],
    "newsletter_id": lambda w, p, r: p.extra["newsletter_id"],
    "ritual_id": lambda w, p, r: p.extra["ritual_id"],
    "resource_id": lambda w, p, r: p.extra["resource_id"],
    "comment_id": lambda w, p, r: p.extra["comment_id"],
    "page_slug": lambda w, p, r: p.extra["page_slug"],
    "number": lambda w, p, r: 1,  # a wiki page's version
    "topic": lambda w, p, r: "reply",  # a help page
    "path": lambda w, p, r: "photos/none.png",
    # allauth and the admin
    "key": lambda w, p, r: "not-a-key",
    "uidb36": lambda w, p, r: "1",
    "app_label": lambda w, p, r: "communities",
    "object_id": lambda w, p, r: p.community.pk,
    "content_type_id": lambda w, p, r: 1,
    "url": lambda w, p, r: "nothing/",
    "id": lambda w, p, r: 1,
}

# Ids that name objects (the IDOR test swaps them for another community's).
OBJECT_PARAMS = {
    "topic_id",
    "post_id",
    "group_slug",
    "category_slug",
    "invitation_id",
    "membership_id",
    "user_id",
    "event_id",
    "series_id",
    "report_id",
    "pending_id",
    "action_id",
    "attachment_id",
    "identity_id",
    "job_id",
    "newsletter_id",
    "ritual_id",
    "resource_id",
    "comment_id",
    "page_slug",
}


def fill(route: Route, world: World, place: Place) -> str:
    missing = [p for p in route.params if p not in PARAMS]
    if missing:
        pytest.fail(
            f"URL {route.name!r} ({route.route}) has parameters {missing} that the access test "
            "cannot fill: add them to PARAMS in cercle/project/tests/test_access_matrix.py "
            "(and build the object in the world if needed)."
        )
    return route.url({p: PARAMS[p](world, place, route) for p in route.params})


# --- Requests, and what changed --------------------------------------------------------------

POST_DATA = {
    "title": "Written by the access test",
    "body": "Written by the access test, long enough to be a real message.",
    "kind": "discussion",
    "accepts_charter": "on",
    "role": "20",
    "decision": "approve",
    "follow": "1",
    "name": "Access test",
    "emails": "newcomer@example.org",
    "email": "newcomer@example.org",
    "message": "Hello",
    "reason": "spam",
    "details": "Details",
    "note": "Note",
    "summary": "Summary",
    "purpose": "A purpose",
    "language": "en",
    "status": "planned",
    "answer": "yes",
    "response": "yes",
    "max_uses": "5",
    "days": "7",
    "visibility": "public",
    "entry_mode": "open",
    "invite_policy": "10",
    "password": PASSWORD,
    "oldpassword": PASSWORD,
    "password1": "a new long password 99",
    "password2": "a new long password 99",
    "login": "member@example.org",
    "next": "/",
}

# What changes without being an effect of the request's action.
NOISE_TABLES = {
    "django_session",
    "accounts_loginsession",
    "notifications_topicreadstate",
    "notifications_communityreadmark",
}
NOISE_TABLE_PREFIXES = ("axes_",)
NOISE_COLUMNS = {("communities_membership", "last_seen_at"), ("accounts_user", "last_login")}
VISITED = 15  # activity.Verb.VISITED: a member's daily visit


_QUERIES: dict[str, str] = {}


def _snapshot_queries() -> dict[str, str]:
    """One SELECT per table, noise left out (the schema does not change during a test)."""
    if not _QUERIES:
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                if table in NOISE_TABLES or table.startswith(NOISE_TABLE_PREFIXES):
                    continue
                columns = [
                    connection.ops.quote_name(c.name)
                    for c in connection.introspection.get_table_description(cursor, table)
                    if (table, c.name) not in NOISE_COLUMNS
                ]
                sql = f"SELECT {', '.join(columns)} FROM {connection.ops.quote_name(table)}"  # noqa: S608
                if table == "activity_activityevent":
                    sql += f" WHERE verb <> {VISITED}"
                _QUERIES[table] = sql
    return _QUERIES


def _snapshot() -> dict[str, str]:
    digest = {}
    with connection.cursor() as cursor:
        for table, sql in _snapshot_queries().items():
            cursor.execute(sql)
            rows = sorted(repr(row) for row in cursor.fetchall())
            digest[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digest


def _total_changes() -> int | None:
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0]


@dataclass
class Outcome:
    status: int
    body: str
    changed: list[str]


def send(
    client: Client, method: str, url: str, data: dict | None = None, *, watch: bool = True
) -> Outcome:
    """One request inside a savepoint rolled back afterwards; which tables it changed (when
    `watch`: comparing costs one query per table)."""
    with transaction.atomic():
        point = transaction.savepoint()
        before_count = _total_changes() if watch else 0
        before = _snapshot() if before_count is None else None
        response = client.get(url) if method == "GET" else client.post(url, data or {})
        after_count = _total_changes() if watch else 0
        changed: list[str] = []
        if before_count is None or after_count != before_count:
            after = _snapshot()
            transaction.savepoint_rollback(point)
            before = before or _snapshot()
            changed = sorted(
                t for t in after.keys() | before.keys() if after.get(t) != before.get(t)
            )
        else:
            transaction.savepoint_rollback(point)
    body = b"" if response.streaming else response.content
    return Outcome(response.status_code, body.decode("utf-8", "replace"), changed)


CSRF_SECRET = get_random_string(32)


def _client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    return client


def _fresh_cookies(client: Client, saved) -> None:
    # A request may log out or rotate the session: the next one starts from the saved state
    # (the database rows were rolled back with it).
    client.cookies.clear()
    client.cookies.update(saved)


# --- The walk --------------------------------------------------------------------------------

# Views that take POSTs without a CSRF token, on purpose: RFC 8058's one-click unsubscribe is
# POSTed by mail clients, with neither cookie nor token; a signed token in the URL is the proof.
CSRF_EXEMPT = {"newsletters:unsubscribe"}


def _leaks(role: str, body: str, rule_: Rule) -> list[str]:
    found = []
    for vis in VISIBILITIES:
        m = MARKERS[vis]
        if not allowed("content", role, vis):
            found += [
                f"{what} of the {vis} community" for what in ("topic", "post") if m[what] in body
            ]
        if not allowed("see", role, vis) and not rule_.shows_hidden_name and m["name"] in body:
            found.append(f"name of the {vis} community")
    return found


def walk(world: World, routes: list[Route], visibility: str | None) -> tuple[list[str], int]:
    """Request each route as each role; the problems found, and the number of requests."""
    problems: list[str] = []
    sent = 0
    place = world.places[visibility or "public"]
    clients = {role: _client(world.users.get(role)) for role in ROLES}
    saved = {role: client.cookies.copy() for role, client in clients.items()}
    for route in routes:
        rule_ = rule_for(route)
        url = fill(route, world, place)
        vis = visibility or "public"
        for role in ROLES:
            client = clients[role]
            for method in ("GET", "POST"):
                _fresh_cookies(client, saved[role])
                level = rule_.get if method == "GET" else rule_.post
                may = allowed(level, role, vis)
                data = {**POST_DATA, "csrfmiddlewaretoken": CSRF_SECRET}
                out = send(client, method, url, data, watch=method == "POST" and not may)
                sent += 1
                where = f"{method} {url} ({route.name}) as {role} [{vis}]"
                if out.status >= 500:
                    problems.append(f"{where}: server error {out.status}")
                if leaks := _leaks(role, out.body, rule_):
                    problems.append(f"{where}: shows the {', '.join(leaks)}")
                if not may and method == "GET" and out.status == 200:
                    problems.append(f"{where}: 200 for a role the page is not for ({level})")
                if not may and method == "POST" and out.changed:
                    problems.append(f"{where}: changed {out.changed} ({level} only)")
        # A forged request, without the token, by the role with the most rights.
        forger = "staff" if route.name.startswith("admin:") else "animator"
        _fresh_cookies(clients[forger], saved[forger])
        out = send(clients[forger], "POST", url, dict(POST_DATA))
        sent += 1
        if route.name in CSRF_EXEMPT:
            if out.changed:
                problems.append(f"POST {url} ({route.name}) without CSRF token: changed")
        elif out.status != 403 or out.changed:
            problems.append(
                f"POST {url} ({route.name}) without CSRF token: {out.status}, changed {out.changed}"
            )
    return problems, sent


def community_routes() -> list[Route]:
    return [r for r in discover() if r.community_bound]


def global_routes() -> list[Route]:
    return [r for r in discover() if not r.community_bound]


def planned_requests() -> dict[str, int]:
    """How many requests the walk and the IDOR test send (the figures of payloads.summary())."""
    import django

    django.setup()
    community, other = community_routes(), global_routes()
    per_url = len(ROLES) * 2 + 1
    idor_routes = [r for r in community if OBJECT_PARAMS & set(r.params)]
    walk_total = len(community) * len(VISIBILITIES) * per_url + len(other) * per_url
    idor = len(idor_routes) * len(IDOR_GUESSES) * 2
    return {
        "urls": len(community) + len(other),
        "csrf": len(community) * len(VISIBILITIES) + len(other),
        "idor": idor,
        "total": walk_total + idor,
    }


def test_every_url_is_covered_by_a_rule_and_its_parameters_can_be_filled(world):
    for route in discover():
        rule_for(route)
        fill(route, world, world.places["public"])


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_community_urls_for_every_role(world, visibility):
    problems, sent = walk(world, community_routes(), visibility)
    assert sent > 0
    assert not problems, "\n".join(problems)


def test_urls_outside_communities_for_every_role(world):
    problems, sent = walk(world, global_routes(), None)
    assert sent > 0
    assert not problems, "\n".join(problems)


# --- IDOR: another community's objects, and guessed ids --------------------------------------

IDOR_GUESSES = ("other community", "next id", "huge id")


def test_idor_objects_of_another_community_are_not_reachable(world, make_user, make_community):
    """The animator of the public community (all rights there) asks, under its address, for the
    objects of a community they are not in, and for ids nobody gave them."""
    stranger = make_user("Other animator", "other-animator@example.org")
    people = {"pending": make_user("Other pending"), "member": make_user("Other member")}
    other = _place(
        "members",
        people,
        make_community,
        roles=("pending", "member"),
        marker_prefix={"name": "Zqothername", "topic": "Zqothertopic", "post": "Zqotherpost"},
        animator=stranger,
    )
    home = world.places["public"]
    attacker = _client(world.users["animator"])
    saved = attacker.cookies.copy()
    problems = []
    for route in community_routes():
        targets = OBJECT_PARAMS & set(route.params)
        if not targets:
            continue
        values = {p: PARAMS[p](world, home, route) for p in route.params if p in PARAMS}
        for guess in IDOR_GUESSES:
            forged = dict(values)
            for p in targets:
                theirs = PARAMS[p](world, other, route)
                if guess == "other community":
                    forged[p] = theirs
                elif isinstance(theirs, int):
                    forged[p] = theirs + 1000 if guess == "next id" else 2**31 - 1
                else:
                    forged[p] = f"{theirs}-x" if guess == "next id" else "z" * 60
            url = route.url(forged)
            for method in ("GET", "POST"):
                _fresh_cookies(attacker, saved)
                out = send(attacker, method, url, {**POST_DATA, "csrfmiddlewaretoken": CSRF_SECRET})
                where = f"{method} {url} ({route.name}, {guess})"
                if out.status >= 500:
                    problems.append(f"{where}: server error")
                if "Zqother" in out.body:
                    problems.append(f"{where}: shows the other community's content")
                touched = [t for t in out.changed if t != "activity_activityevent"]
                if method == "POST" and touched and guess == "other community":
                    problems.append(f"{where}: changed {touched}")
    assert not problems, "\n".join(problems)
