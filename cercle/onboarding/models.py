"""A newcomer's first steps in a community.

The checklist itself is computed from what the member did (cercle.onboarding.checklist): this
row only remembers what is not in the data — that the member put the list away once done, and
which introduction thread they were invited to when they joined.
"""

from django.db import models
from django.utils import timezone


class FirstSteps(models.Model):
    membership = models.OneToOneField(
        "communities.Membership", on_delete=models.CASCADE, related_name="first_steps"
    )
    invited_to = models.ForeignKey(
        "discussions.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"first steps of membership {self.membership_id}"
