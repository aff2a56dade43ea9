"""The activity log: one compact row per meaningful action.

It is the single source the cockpit reads, so it is built for millions of rows: the verb and the
kind of object are small integers, the object is a bare id (no generic foreign key join), and
the indexes serve the cockpit's questions ("what happened in this community between two dates",
"what did this person do").
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Verb(models.IntegerChoices):
    # Membership (1-29)
    JOINED = 1, _("joined")
    REQUESTED_TO_JOIN = 2, _("asked to join")
    REQUEST_APPROVED = 3, _("was approved")
    REQUEST_DECLINED = 4, _("was declined")
    INVITED = 5, _("invited")
    ACCEPTED_INVITATION = 6, _("accepted an invitation")
    ACCEPTED_CHARTER = 7, _("accepted the charter")
    LEFT = 8, _("left")
    ROLE_CHANGED = 9, _("changed role")
    SUSPENDED = 10, _("was suspended")
    REINSTATED = 11, _("was reinstated")
    UPDATED_PROFILE = 12, _("updated their profile")
    JOINED_GROUP = 13, _("joined a group")
    LEFT_GROUP = 14, _("left a group")
    VISITED = 15, _("visited")
    # Community management (30-49)
    CREATED_COMMUNITY = 30, _("created the community")
    PUBLISHED_CHARTER = 31, _("published a charter version")
    CREATED_GROUP = 32, _("created a group")
    CREATED_INVITATION_LINK = 33, _("created an invitation link")
    REVOKED_INVITATION = 34, _("withdrew an invitation")
    CREATED_CATEGORY = 35, _("created a category")
    # Conversations (50-)
    POSTED = 50, _("posted")
    REPLIED = 51, _("replied")
    REACTED = 52, _("reacted")
    ACCEPTED_ANSWER = 53, _("accepted an answer")
    VOTED = 54, _("voted")
    EDITED_POST = 55, _("edited a post")
    DELETED_POST = 56, _("deleted a post")
    RESTORED_POST = 57, _("restored a post")
    CLOSED_TOPIC = 58, _("closed a topic")
    REOPENED_TOPIC = 59, _("reopened a topic")
    SET_IDEA_STATUS = 60, _("set an idea's status")
    REMOVED_REACTION = 61, _("removed a reaction")
    # Events (70-79): cercle.events
    CREATED_EVENT = 70, _("created an event")
    EDITED_EVENT = 71, _("changed an event")
    CANCELLED_EVENT = 72, _("cancelled an event")
    REGISTERED_FOR_EVENT = 73, _("registered for an event")
    JOINED_WAITING_LIST = 74, _("joined an event's waiting list")
    GOT_PLACE_FROM_WAITING_LIST = 75, _("got a place at an event")
    ANSWERED_MAYBE = 76, _("might come to an event")
    DECLINED_EVENT = 77, _("will not come to an event")
    ATTENDED_EVENT = 78, _("attended an event")
    RECORDED_ATTENDANCE = 79, _("recorded who came to an event")
    # Moderation (80-99): reports, decisions, pre-moderation (cercle.moderation)
    REPORTED = 80, _("reported")
    HANDLED_REPORT = 81, _("handled a report")
    WARNED = 82, _("was warned")
    SILENCED = 83, _("was silenced")
    EXCLUDED = 84, _("was excluded")
    MOVED_TOPIC = 85, _("moved a topic")
    MERGED_TOPICS = 86, _("merged topics")
    HELD_POST = 87, _("wrote a message awaiting approval")
    APPROVED_POST = 88, _("approved a message")
    REJECTED_POST = 89, _("refused a message")
    REVERSED_MODERATION = 90, _("reversed a moderation decision")
    CHANGED_MODERATION_SETTINGS = 91, _("changed the moderation settings")
    # Animation (100-119): what animators do from their to-do list (cercle.cockpit.reach_out)
    THANKED_MEMBER = 100, _("thanked a member")
    INTRODUCED_MEMBERS = 101, _("introduced two members")
    WROTE_TO_MEMBER = 102, _("wrote to a member")
    ASKED_FOR_HELP = 103, _("asked a member for help")
    # Rituals, resources and onboarding (120-149): cercle.rituals, cercle.resources,
    # cercle.onboarding
    CREATED_RITUAL = 120, _("set up a ritual")
    CHANGED_RITUAL = 121, _("changed a ritual")
    PAUSED_RITUAL = 122, _("paused a ritual")
    RESUMED_RITUAL = 123, _("resumed a ritual")
    DELETED_RITUAL = 124, _("deleted a ritual")
    SHARED_RESOURCE = 125, _("shared a resource")
    EDITED_RESOURCE = 126, _("changed a resource")
    DELETED_RESOURCE = 127, _("deleted a resource")
    COMMENTED_RESOURCE = 128, _("commented on a resource")
    DELETED_RESOURCE_COMMENT = 129, _("deleted a comment on a resource")
    FEATURED_RESOURCE = 130, _("featured a resource")
    UNFEATURED_RESOURCE = 131, _("stopped featuring a resource")
    CREATED_WIKI_PAGE = 132, _("created a wiki page")
    EDITED_WIKI_PAGE = 133, _("edited a wiki page")
    RESTORED_WIKI_REVISION = 134, _("restored a former version of a wiki page")
    DELETED_WIKI_PAGE = 135, _("deleted a wiki page")
    CHANGED_WELCOME_MESSAGE = 140, _("changed the welcome message")
    DISMISSED_FIRST_STEPS = 141, _("put away their first steps")
    # Newsletters (150-159): cercle.newsletters, once per newsletter (not per recipient)
    SENT_NEWSLETTER = 150, _("sent a newsletter")


class ObjectKind(models.IntegerChoices):
    NONE = 0, "-"
    MEMBERSHIP = 1, "membership"
    INVITATION = 2, "invitation"
    CHARTER = 3, "charter"
    GROUP = 4, "group"
    COMMUNITY = 5, "community"
    USER = 6, "user"
    TOPIC = 10, "topic"
    POST = 11, "post"
    POLL = 12, "poll"
    CATEGORY = 13, "category"
    REPORT = 20, "report"
    MODERATION_ACTION = 21, "moderation action"
    PENDING_POST = 22, "pending post"
    EVENT = 30, "event"
    EVENT_SERIES = 31, "event series"
    RITUAL = 50, "ritual"
    RESOURCE = 51, "resource"
    RESOURCE_COMMENT = 52, "resource comment"
    WIKI_PAGE = 53, "wiki page"
    NEWSLETTER = 60, "newsletter"


class ActivityEvent(models.Model):
    """Someone (actor) did something (verb) to something (object_kind, object_id).

    `context_id` and `parent_id` carry what the cockpit needs without joins: for a post, the
    thread it belongs to and the post it answers; for an invitation accepted, the inviter's id.
    """

    id = models.BigAutoField(primary_key=True)
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    group = models.ForeignKey(
        "communities.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    verb = models.PositiveSmallIntegerField(choices=Verb.choices)
    object_kind = models.PositiveSmallIntegerField(choices=ObjectKind.choices, default=0)
    object_id = models.BigIntegerField(null=True, blank=True)
    context_id = models.BigIntegerField(null=True, blank=True)
    parent_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["community", "created_at"], name="activity_community_time"),
            models.Index(
                fields=["community", "verb", "created_at"], name="activity_comm_verb_time"
            ),
            models.Index(fields=["actor", "created_at"], name="activity_actor_time"),
            models.Index(fields=["group", "created_at"], name="activity_group_time"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.get_verb_display()} {self.object_kind}:{self.object_id}"
