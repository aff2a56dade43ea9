"""Background work of the cockpit: thin tasks that call cercle.cockpit.actions."""

from django_tasks import task

from . import actions


@task()
def recompute_cockpit(community_id: int, planned: str | None = None) -> int:
    """Recompute and store a community's cockpit snapshots (and its groups'). `planned` is the
    instant the run was planned for by `request_recompute`, None for a run asked at once.
    Returns how many snapshots were stored."""
    return len(actions.run_planned(community_id, planned))


@task()
def send_reach_out_emails(payload: list[dict]) -> int:
    """The emails of what animators sent from their to-do list (thanks, introductions,
    messages, requests for help): `payload` as cercle.cockpit.reach_out built it. Returns how
    many were handed over to the mail server."""
    from . import reach_out

    return reach_out.send_emails(payload)
