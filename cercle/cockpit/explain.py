"""What each number of the cockpit means, in plain words, and where it comes from.

The cockpit pages show `label` and `line` next to each value and link to the help page, which
shows `more` and `source` (docs/cockpit.md and ../shared/docs/indicators.md hold the exact
definitions; this module is what animators read). `kind` says how a value is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# How a value is written (cercle.cockpit.tables.display).
COUNT, SHARE, HOURS, RATIO, FACTOR, DAYS = "count", "share", "hours", "ratio", "factor", "days"


@dataclass(frozen=True)
class Meaning:
    key: str
    label: Promise
    line: Promise  # one plain sentence, shown next to the value
    kind: str = COUNT
    source: str = ""  # names of sources: not translated
    more: Promise | str = ""  # a few more sentences, on the help page


def _m(key, label, line, kind=COUNT, source="", more=""):
    return Meaning(key, label, line, kind, source, more)


INDICATOR_GROUPS: tuple[tuple[Promise, tuple[Meaning, ...]], ...] = (
    (
        _("Who takes part"),
        (
            _m(
                "contributors_total",
                _("Contributors, since the start"),
                _("People who wrote at least one message."),
                source="CHAOSS, Contributors",
            ),
            _m(
                "active_contributors_30d",
                _("Active contributors, 30 days"),
                _("People who wrote in the last 30 days."),
                source="CHAOSS, Contributors",
            ),
            _m(
                "active_contributors_90d",
                _("Active contributors, 90 days"),
                _("People who wrote in the last 90 days."),
                source="CHAOSS, Contributors",
            ),
            _m(
                "new_contributors_90d",
                _("New contributors, 90 days"),
                _("People whose very first message is from the last 90 days."),
                source="CHAOSS, New Contributors; Discourse, new contributors",
            ),
            _m(
                "silent_contributors_90d",
                _("Contributors gone quiet"),
                _("People who wrote 3 messages or more, the last one 90 to 180 days ago."),
                source="CHAOSS, Inactive Contributors",
                more=_(
                    "They were involved and stopped recently: a personal message now is worth "
                    "more than any newsletter later."
                ),
            ),
        ),
    ),
    (
        _("Conversations"),
        (
            _m("posts_90d", _("Messages, 90 days"), _("Messages written in the last 90 days.")),
            _m(
                "replies_90d",
                _("Replies, 90 days"),
                _("Messages of the last 90 days that answer another message."),
            ),
            _m(
                "threads_90d",
                _("Conversations started, 90 days"),
                _("Topics opened in the last 90 days."),
            ),
            _m(
                "unanswered_threads_90d",
                _("Conversations nobody answered"),
                _("Topics of the last 90 days where only the person who opened it wrote."),
                source="Discourse, topics with no response",
            ),
            _m(
                "unanswered_share_90d",
                _("Share left without an answer"),
                _("The same, as a share of the topics opened in the last 90 days."),
                SHARE,
                source="Discourse, topics with no response",
            ),
            _m(
                "first_response_median_hours_90d",
                _("Time to a first answer"),
                _(
                    "Half of the answered topics got a first answer from someone else within "
                    "this time (the median)."
                ),
                HOURS,
                source="CHAOSS, Time to First Response; Discourse",
            ),
            _m(
                "answered_within_48h_share_90d",
                _("Answered within two days"),
                _("Share of the topics that got an answer from someone else within 48 hours."),
                SHARE,
                source="Lithium, community health index (responsiveness)",
            ),
        ),
    ),
    (
        _("Newcomers"),
        (
            _m(
                "newcomers_cohort_size",
                _("Newcomers followed"),
                _(
                    "People whose first message was 90 to 180 days ago: long enough to see "
                    "whether they came back."
                ),
            ),
            _m(
                "newcomer_reply_rate",
                _("Newcomers who got an answer"),
                _("Share of them whose first message was answered by someone within 7 days."),
                SHARE,
                source="Joyce & Kraut 2006",
            ),
            _m(
                "newcomer_return_rate",
                _("Newcomers who came back"),
                _("Share of them who wrote again within 90 days of their first message."),
                SHARE,
                source="Joyce & Kraut 2006",
            ),
            _m(
                "newcomer_return_rate_if_replied",
                _("Came back, when answered"),
                _("Among newcomers whose first message got an answer: the share who came back."),
                SHARE,
                source="Joyce & Kraut 2006",
                more=_(
                    "In Usenet groups, 56% of the newcomers who got an answer posted again, "
                    "against 44% of those who were ignored. Compare the two rates of your own "
                    "community."
                ),
            ),
            _m(
                "newcomer_return_rate_if_not_replied",
                _("Came back, when ignored"),
                _("Among newcomers whose first message got no answer: the share who came back."),
                SHARE,
                source="Joyce & Kraut 2006",
            ),
        ),
    ),
    (
        _("How the work is shared"),
        (
            _m(
                "gini_posts_90d",
                _("Inequality of participation"),
                _("0 when everyone writes as much, near 1 when a few people write everything."),
                RATIO,
                source="Ortega et al. 2008 (Gini coefficient)",
                more=_(
                    "Participation is unequal everywhere: fewer than a quarter of the members "
                    "of online communities ever post (van Mierlo 2014). The worry is a Gini "
                    "that keeps rising."
                ),
            ),
            _m(
                "top_10pct_share_90d",
                _("Written by the most active tenth"),
                _("Share of the messages written by the most active 10% of contributors."),
                SHARE,
                source="Nielsen 2006, the 90-9-1 rule",
            ),
            _m(
                "absence_factor_90d",
                _("Absence factor"),
                _(
                    "How few people write half of the messages. At 1 or 2, the community rests "
                    "on one or two people."
                ),
                source="CHAOSS, Contributor Absence Factor",
            ),
            _m(
                "core_members_90d",
                _("Core"),
                _("The most active people, who together write 80% of the messages."),
                source="GrimoireLab, onion model",
            ),
            _m(
                "regular_members_90d",
                _("Regular contributors"),
                _("The next ones, who bring the total to 95% of the messages."),
                source="GrimoireLab, onion model",
            ),
            _m(
                "casual_members_90d",
                _("Occasional contributors"),
                _("Everyone else who wrote in the last 90 days."),
                source="GrimoireLab, onion model",
            ),
            _m(
                "reply_pairs_90d",
                _("Pairs who talk"),
                _("Pairs of people where one answered the other in the last 90 days."),
                source="networkx",
            ),
            _m(
                "reciprocity_90d",
                _("Answers both ways"),
                _("Share of those pairs where each one answered the other."),
                SHARE,
                source="networkx, reciprocity",
            ),
        ),
    ),
)

HOSTED_GROUPS: tuple[tuple[Promise, tuple[Meaning, ...]], ...] = (
    (
        _("Members and visits"),
        (
            _m(
                "members_total",
                _("Members"),
                _("People who belong to the community today."),
            ),
            _m(
                "new_members_90d",
                _("New members, 90 days"),
                _("People who joined in the last 90 days."),
            ),
            _m(
                "left_members_90d",
                _("Departures, 90 days"),
                _("People who left in the last 90 days."),
            ),
            _m(
                "lurkers",
                _("Members who read without writing"),
                _("Members who never wrote a message here."),
                more=_(
                    "That is normal: fewer than a quarter of the members of a community ever "
                    "post (van Mierlo 2014). They read, and they learn."
                ),
                source="van Mierlo 2014",
            ),
            _m(
                "lurker_share",
                _("Share who read without writing"),
                _("The same, as a share of the members."),
                SHARE,
                source="van Mierlo 2014",
            ),
            _m(
                "visitors_30d",
                _("Visitors, 30 days"),
                _("Members who came at least once in the last 30 days."),
            ),
            _m(
                "daily_visitors_30d",
                _("Visitors per day"),
                _("Members who come on an average day (over the last 30 days)."),
                RATIO,
            ),
            _m(
                "stickiness_30d",
                _("Stickiness"),
                _(
                    "Visitors per day / visitors of the month: how much of the audience comes "
                    "back daily."
                ),
                SHARE,
            ),
            _m(
                "visitors_90d",
                _("Visitors, 90 days"),
                _("Members who came in the last 90 days."),
            ),
        ),
    ),
    (
        _("Thanks and answers"),
        (
            _m("reactions_90d", _("Reactions, 90 days"), _("Reactions given to messages.")),
            _m(
                "thanks_90d",
                _("Thanks, 90 days"),
                _("“Thanks” reactions: the cheapest recognition there is."),
            ),
            _m(
                "thanked_members_90d",
                _("Members thanked, 90 days"),
                _("People who received at least one “thanks”."),
            ),
            _m("questions_90d", _("Questions, 90 days"), _("Topics asked as questions.")),
            _m(
                "accepted_answers_90d",
                _("Questions solved"),
                _("Questions of the last 90 days with an accepted answer."),
            ),
            _m(
                "accepted_share_90d",
                _("Share of questions solved"),
                _("The same, as a share of the questions."),
                SHARE,
            ),
            _m(
                "accepted_answer_median_hours_90d",
                _("Time to a solution"),
                _("Half of the solved questions had their answer accepted within this time."),
                HOURS,
            ),
        ),
    ),
    (
        _("Events"),
        (
            _m(
                "events_90d",
                _("Events, 90 days"),
                _("Events held in the last 90 days (cancelled ones do not count)."),
            ),
            _m(
                "event_attendance_90d",
                _("Event attendance"),
                _(
                    "People who came to these events, as the organisers recorded it: one per "
                    "person and event."
                ),
            ),
            _m(
                "event_attendance_rate_90d",
                _("Came, of those who said “going”"),
                _(
                    "Of the people who answered “going” to an event whose attendance was "
                    "recorded, the share who came."
                ),
                SHARE,
                more=_(
                    "Attendance counts once an organiser ticks who came on the event's page. "
                    "When many who said “going” stay away, a reminder and a short agenda help; "
                    "ask them what would make them come."
                ),
            ),
        ),
    ),
    (
        _("Moderation"),
        (
            _m(
                "reports_90d",
                _("Reports, 90 days"),
                _("Messages, topics or members reported to the moderators."),
                source="Discourse admin reports (flags)",
            ),
            _m(
                "reports_handled_90d",
                _("Reports handled, 90 days"),
                _("Reports the moderators dismissed or acted on in the last 90 days."),
                source="Discourse admin reports (moderator activity)",
            ),
            _m(
                "report_handling_median_hours_90d",
                _("Time to handle a report"),
                _(
                    "Half of the reports handled in the last 90 days were handled within this "
                    "time (the median)."
                ),
                HOURS,
                source="Discourse admin reports (moderator activity)",
                more=_(
                    "A report left waiting tells members that nobody is watching; a quick "
                    "answer, even to dismiss it, keeps their trust."
                ),
            ),
            _m(
                "open_reports",
                _("Reports waiting"),
                _("Reports not handled yet at the end of the day."),
                more=_("They are in the moderation queue, and on today's to-do list."),
            ),
            _m(
                "moderation_actions_90d",
                _("Moderation decisions, 90 days"),
                _(
                    "Messages hidden or edited, topics closed, moved or merged, members warned, "
                    "silenced, suspended or excluded."
                ),
                more=_(
                    "Moderation should stay light: a few decisions, each explained in the "
                    "community's public moderation log."
                ),
            ),
        ),
    ),
    (
        _("Digests and newsletters"),
        (
            _m(
                "digests_sent_90d",
                _("Digests delivered, 90 days"),
                _("Digest emails the mail server accepted: one per member and period."),
            ),
            _m(
                "digest_reach_30d",
                _("Digest reach"),
                _("Members who received at least one digest in the last 30 days."),
                more=_(
                    "Cercle does not track whether an email is opened (no tracking image): "
                    "reach counts who received it."
                ),
            ),
            _m(
                "newsletters_sent_90d",
                _("Newsletters sent, 90 days"),
                _("Newsletters whose sending finished in the last 90 days."),
            ),
            _m(
                "newsletter_deliveries_90d",
                _("Newsletters delivered"),
                _("Emails of those newsletters that the mail server accepted."),
            ),
            _m(
                "newsletter_bounce_share_90d",
                _("Addresses refused"),
                _(
                    "Share of those newsletter emails that the recipient's server refused for "
                    "good (a bounce)."
                ),
                SHARE,
                more=_(
                    "A few per cent is usual. More means addresses that are out of date: ask "
                    "those members to update theirs."
                ),
            ),
            _m(
                "newsletter_reach_30d",
                _("Newsletter reach"),
                _("Members who received at least one newsletter in the last 30 days."),
            ),
        ),
    ),
)
HOSTED: tuple[Meaning, ...] = tuple(m for _title, group in HOSTED_GROUPS for m in group)

# The moderators' table (`hosted.moderators_90d`): a table, not a single value.
MODERATORS = _m(
    "moderators_90d",
    _("Moderators' work"),
    _(
        "Each person who handled reports or took moderation decisions in the last 90 days: "
        "how many reports, how fast (the median), how many decisions."
    ),
    more=_("Moderation is work: when it rests on one person, share it before they tire."),
    source="Discourse admin reports (moderator activity)",
)

INDICATORS: dict[str, Meaning] = {m.key: m for _title, group in INDICATOR_GROUPS for m in group}
HOSTED_MEANINGS: dict[str, Meaning] = {m.key: m for m in HOSTED}

# Life cycle (cercle.cockpit.lifecycle), after Wenger, McDermott & Snyder 2002.
STAGES: dict[str, tuple[Promise, Promise]] = {
    "potential": (
        _("Potential"),
        _("People are finding each other: not yet a community."),
    ),
    "coalescing": (
        _("Coalescing"),
        _(
            "The community is launched and you carry much of the conversation: that is "
            "expected in the first year."
        ),
    ),
    "maturing": (
        _("Maturing"),
        _("Members take over, newcomers join and some of them reach the core."),
    ),
    "stewardship": (
        _("Stewardship"),
        _(
            "Steady and driven by its members: the work is to keep it relevant and to renew "
            "the core."
        ),
    ),
    "transformation": (
        _("Transformation"),
        _(
            "Activity has at least halved from its own peak: the community is fading or turning "
            "into something else. Time to ask members what they need now."
        ),
    ),
}

SIGNALS: dict[str, tuple[Promise, str]] = {
    "age_days": (_("Age (days since the first message)"), DAYS),
    "peak_active_90d": (_("Most active contributors in any 90 days"), COUNT),
    "active_contributors_90d": (_("Active contributors, 90 days"), COUNT),
    "active_contributors_previous_90d": (_("Active contributors, the 90 days before"), COUNT),
    "growth": (_("Growth of active contributors"), FACTOR),
    "posts_90d": (_("Messages, 90 days"), COUNT),
    "peak_posts_90d": (_("Most messages in any 90 days"), COUNT),
    "peak_month": (_("Month of that peak"), "text"),
    "decline_from_peak": (_("Decline from the peak"), SHARE),
    "core_size": (_("People in the core"), COUNT),
    "core_renewal": (_("Renewal of the core"), SHARE),
    "non_animator_share": (_("Share of messages not written by animators"), SHARE),
}

# Engagement ladder (cercle.cockpit.engagement).
LEVELS: dict[str, tuple[Promise, Promise]] = {
    "observer": (_("Observer"), _("Reads, and may come back.")),
    "participant": (_("Participant"), _("Wrote once, or comes about once a month.")),
    "contributor": (_("Contributor"), _("Wrote 3 messages or more, or had an answer accepted.")),
    "regular": (_("Regular"), _("Wrote 12 messages or more, in at least 6 different months.")),
    "leader": (
        _("Leader"),
        _(
            "A regular who answered others 20 times or more, and had 3 answers accepted or "
            "started 5 topics."
        ),
    ),
}

# What the next level asks (engagement.next_level's "missing" keys), for a member.
MISSING = {
    "posts": ngettext_lazy("%(n)d more message", "%(n)d more messages", "n"),
    "visit_days": ngettext_lazy("visits on %(n)d more day", "visits on %(n)d more days", "n"),
    "months": ngettext_lazy(
        "writing in %(n)d more month of the year", "writing in %(n)d more months of the year", "n"
    ),
    "replies_to_others": ngettext_lazy(
        "%(n)d more answer to other members", "%(n)d more answers to other members", "n"
    ),
    "accepted": ngettext_lazy("%(n)d more answer accepted", "%(n)d more answers accepted", "n"),
    "threads": ngettext_lazy("%(n)d more topic started", "%(n)d more topics started", "n"),
}

# Reply network (cercle.cockpit.trends.reply_network).
PLACES: dict[str, tuple[Promise, Promise]] = {
    "core": (_("Core"), _("They write most of the conversation.")),
    "bridge": (
        _("Bridge"),
        _(
            "They link people, or groups, who would otherwise not be linked: thank them, and "
            "make sure they are not alone in doing it."
        ),
    ),
    "connected": (_("Connected"), _("They answer and are answered.")),
    "isolated": (
        _("Isolated"),
        _("They wrote, but nobody answered them and they answered nobody: greet them first."),
    ),
}

WEEKDAYS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)

# "Reading the numbers" (../shared/docs/indicators.md), for the top of the help page.
READING = (
    _(
        "A newcomer's first message that gets an answer is the strongest lever known: in Usenet "
        "groups, 56% of the newcomers who got an answer posted again, against 44% of those who "
        "were ignored (Joyce & Kraut 2006), and 40% of the people who start a conversation "
        "never get an answer (Burke et al. 2007)."
    ),
    _(
        "Participation is unequal everywhere: fewer than 25% of members post (van Mierlo "
        "2014). The worry is a rising inequality, or an absence factor of 1 or 2: the "
        "community then rests on one or two people."
    ),
    _(
        "A community's stage (Wenger, McDermott & Snyder 2002: potential, coalescing, "
        "maturing, stewardship, transformation) is read from its growth, the share of activity "
        "not driven by the animators, the renewal of its core, and its decline from its own "
        "peak. The cockpit shows which signals placed it there."
    ),
    _(
        "Numbers computed on fewer than 10 cases are shown with a warning, and a number that "
        "cannot be computed says why instead of showing zero."
    ),
)

SOURCES = (
    "CHAOSS metrics: Contributors, New Contributors, Inactive Contributors, Time to First "
    "Response, Contributor Absence Factor (chaoss.community)",
    "Discourse admin reports",
    "Lithium, community health index",
    "Joyce, E. & Kraut, R. E. (2006). Predicting continued participation in newsgroups. "
    "Journal of Computer-Mediated Communication 11(3)",
    "Burke, M., Joyce, E., Kim, T., Anand, V. & Kraut, R. (2007). Introductions and requests: "
    "rhetorical strategies that elicit response in online communities",
    "Ortega, F., González-Barahona, J. M. & Robles, G. (2008). On the inequality of "
    "contributions to Wikipedia",
    "Nielsen, J. (2006). The 90-9-1 rule for participation inequality in social media",
    "van Mierlo, T. (2014). The 1% rule in four digital health social networks. Journal of "
    "Medical Internet Research 16(2)",
    "GrimoireLab, the onion model of contributors",
    "networkx, reciprocity of a directed graph",
    "Wenger, E., McDermott, R. & Snyder, W. M. (2002). Cultivating Communities of Practice. "
    "Harvard Business School Press",
)


def meaning(key: str) -> Meaning | None:
    return INDICATORS.get(key) or HOSTED_MEANINGS.get(key)
