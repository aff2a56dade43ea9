"""Background work of newsletters and digests: thin tasks that call the actions.

`deliver_newsletter` is enqueued when an animator sends a newsletter (at once, or to run at
the scheduled time when the task backend can wait). `send_digests_task` and `run_periodic`
do what `cercle send_digests` does, for those who prefer to enqueue it.
"""

from datetime import datetime

from django_tasks import task

from .actions import digests, newsletters


@task()
def deliver_newsletter(newsletter_id: int, planned: str = "") -> dict:
    return newsletters.deliver(newsletter_id, planned=planned).as_dict()


@task()
def send_digests_task(rhythm: str = "", at: str = "") -> dict:
    return digests.send_digests(
        rhythm=rhythm or None, at=datetime.fromisoformat(at) if at else None
    ).as_dict()


@task()
def run_periodic() -> dict:
    """The digests that are due, then the newsletters due or to resume."""
    report = digests.send_digests()
    if not report.stopped:
        report.add(newsletters.send_due())
    return report.as_dict()
