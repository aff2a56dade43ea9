"""Why a value of the cockpit is missing, or should be read with care.

Sections carry `notes`: {key: code}. Snapshots store the codes; `describe` turns them into a
sentence in the reader's language when the report is shown or printed.
"""

from django.utils.translation import gettext_lazy as _

REASONS = {
    "no-posts": _("No message yet."),
    "no-posts-90d": _("No message in the last 90 days."),
    "no-threads-90d": _("No thread opened in the last 90 days."),
    "no-answered-threads-90d": _("No thread of the last 90 days was answered by someone else."),
    "no-newcomer-cohort": _(
        "Nobody posted for the first time between 180 and 90 days ago: there is no newcomer "
        "cohort to follow."
    ),
    "no-replied-newcomer": _("No newcomer of the cohort got a reply within 7 days."),
    "no-ignored-newcomer": _("Every newcomer of the cohort got a reply within 7 days."),
    "no-reply-pairs-90d": _("Nobody replied to someone else in the last 90 days."),
    "small-sample": _("Computed on fewer than 10 cases: read it with care."),
    "no-animators": _(
        "This community has no animators among its authors (an imported archive): the share "
        "of activity not driven by animators is unknown."
    ),
    "no-members": _("An imported archive has no member list: only its authors are known."),
    "no-visits": _("No visit recorded in the last 30 days."),
    "no-questions-90d": _("No question asked in the last 90 days."),
    "no-accepted-answer-delay": _(
        "No accepted answer of the last 90 days has a known acceptance date."
    ),
    "no-events-90d": _("No event was held in the last 90 days."),
    "no-attendance-recorded-90d": _(
        "Nobody recorded who came to the events of the last 90 days: tick attendance on the "
        "event's page once it has begun."
    ),
    "no-going-answers-90d": _(
        "Nobody had answered “going” to the events of the last 90 days whose attendance was "
        "recorded."
    ),
    "no-reports-handled-90d": _("No report was handled in the last 90 days."),
    "no-moderation-90d": _(
        "Nobody handled a report or took a moderation decision in the last 90 days."
    ),
    "no-newsletters-90d": _("No newsletter was sent in the last 90 days."),
    # Stored reports computed before events, moderation and mail fed the cockpit still say so.
    "not-yet-available": _("Not yet available: this part of Cercle is still to come."),
    "community-wide": _("Counted for the whole community, not for the group."),
}


def describe(code: str) -> str:
    """The sentence for a reason code (the code itself if unknown)."""
    reason = REASONS.get(code)
    return str(reason) if reason is not None else code
