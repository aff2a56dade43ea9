"""Background work of events: their emails, and the periodic run (reminders, series).

`cercle send_event_reminders --every 300` runs the periodic part in a loop (`cercle serve`
starts it beside the worker); it can also be run once from cron, or enqueued as a task.
"""

from django_tasks import task

from cercle.events import actions, emails, reminders


@task()
def send_event_emails(kind: str, event_id: int, user_ids: list[int]) -> int:
    return emails.send_event_emails(kind, event_id, user_ids)


@task()
def run_periodic() -> dict:
    """Extend recurring series to the horizon, then send the reminders that are due."""
    created = actions.extend_series()
    report = reminders.send_due_reminders()
    return {"occurrences_created": created, **report.as_dict()}
