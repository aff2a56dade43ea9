"""Background work of notifications: the emails.

In-app notifications are written in the request (one statement, whatever the number of
recipients); the emails go to the worker, so that an announcement to thousands of members
never holds a member's request, and a mail server that is slow or down never shows to them.
"""

from django_tasks import task

from cercle.notifications import actions


@task()
def send_notification_emails(messages: list[dict]) -> int:
    """`messages`: what `actions.email_payload` built, JSON-serialisable. Returns the number
    of emails handed over to the mail server."""
    return actions.send_emails(messages)
