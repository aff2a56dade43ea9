"""The rituals' background work: open the topics that are due.

`cercle run_rituals --every 300` runs it in a loop (`cercle serve` starts it); it can also be
run once from cron, or enqueued as this task.
"""

from django_tasks import task

from cercle.rituals import actions


@task()
def run_rituals() -> dict:
    return actions.run_due_rituals().as_dict()
