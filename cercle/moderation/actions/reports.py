"""Members report a message, a topic or a member; moderators dismiss what needs no action
(a decision on the reported content or person closes its reports: see common.create_action)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.activity.models import ObjectKind, Verb
from cercle.activity.record import record
from cercle.communities.models import Community, Membership, MembershipState
from cercle.discussions.models import Post, Topic
from cercle.lib.errors import Refused
from cercle.moderation import permissions as perms
from cercle.moderation.actions.common import close_reports, locked_membership, now_or
from cercle.moderation.models import Report, ReportOutcome, ReportReason, ReportTarget

MAX_DETAILS_CHARS = 2000
MAX_REPORTS_PER_DAY = 20


def _clean(reason: str, details: str) -> tuple[str, str]:
    if reason not in ReportReason.values:
        raise Refused(_("Choose why you report it."))
    details = (details or "").strip()
    if reason == ReportReason.OTHER and not details:
        raise Refused(_("Say in a few words what the problem is."))
    if len(details) > MAX_DETAILS_CHARS:
        raise Refused(_("At most %(n)d characters, please.") % {"n": MAX_DETAILS_CHARS})
    return reason, details


@transaction.atomic
def report(
    *,
    community: Community,
    reporter: User,
    reason: str,
    details: str = "",
    post: Post | None = None,
    topic: Topic | None = None,
    member: User | None = None,
    at: datetime | None = None,
) -> Report:
    """Report exactly one of: a message (`post`), a topic, a member."""
    at = now_or(at)
    if sum(x is not None for x in (post, topic, member)) != 1:
        raise Refused(_("Report one message, one topic or one member."))
    perms.check_can_report(locked_membership(community, reporter))
    reason, details = _clean(reason, details)
    group = None
    if post is not None:
        post = Post.objects.select_related("topic__group", "author").filter(pk=post.pk).first()
        if post is None or post.community_id != community.pk:
            raise Refused(_("There is no such message in this community."))
        if post.deleted_at is not None or post.topic.deleted_at is not None:
            raise Refused(_("This message was deleted already."))
        target, reported, topic_of = ReportTarget.POST, post.author, post.topic
        group = post.topic.group
        if post.author_id == reporter.pk:
            raise Refused(_("You cannot report your own message."))
    elif topic is not None:
        topic = Topic.objects.select_related("author", "group").filter(pk=topic.pk).first()
        if topic is None or topic.community_id != community.pk:
            raise Refused(_("There is no such topic in this community."))
        if topic.deleted_at is not None:
            raise Refused(_("This topic was deleted already."))
        target, reported, topic_of, group = ReportTarget.TOPIC, topic.author, topic, topic.group
        if topic.author_id == reporter.pk:
            raise Refused(_("You cannot report your own topic."))
    else:
        if not Membership.objects.filter(
            community=community, user=member, state=MembershipState.ACTIVE
        ).exists():
            raise Refused(_("This person is not a member of this community."))
        if member.pk == reporter.pk:
            raise Refused(_("You cannot report yourself."))
        target, reported, topic_of = ReportTarget.MEMBER, member, None
    same = Report.objects.filter(
        community=community, reporter=reporter, handled_at__isnull=True, target=target
    )
    same = (
        same.filter(post=post)
        if post is not None
        else same.filter(topic=topic)
        if topic is not None
        else same.filter(reported_user=member)
    )
    if same.exists():
        raise Refused(_("You have already reported this: the moderators will look at it."))
    if (
        Report.objects.filter(reporter=reporter, created_at__gte=at - timedelta(days=1)).count()
        >= MAX_REPORTS_PER_DAY
    ):
        raise Refused(
            _("You have sent many reports today: write to the animators if something is wrong.")
        )
    created = Report.objects.create(
        community=community,
        group=group,
        target=target,
        post=post,
        topic=topic_of,
        reported_user=reported,
        reporter=reporter,
        reason=reason,
        details=details,
        created_at=at,
    )
    record(
        community=community,
        group=group,
        actor=reporter,
        verb=Verb.REPORTED,
        object_kind=ObjectKind.REPORT,
        object_id=created.pk,
        context_id=topic_of.pk if topic_of is not None else None,
        at=at,
    )
    return created


@transaction.atomic
def dismiss(*, report: Report, by: User, note: str = "", at: datetime | None = None) -> Report:
    """Nothing to do about it: the report leaves the queue, kept with its outcome."""
    at = now_or(at)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    perms.check_can_handle_report(locked_membership(locked.community_id, by), locked)
    if locked.handled_at is not None:
        raise Refused(_("This report was handled already."))
    close_reports(
        community=locked.community,
        by=by,
        at=at,
        report=locked,
        outcome=ReportOutcome.DISMISSED,
        note=(note or "").strip()[:2000],
    )
    report.handled_at, report.handled_by, report.outcome = at, by, ReportOutcome.DISMISSED
    return locked
