from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.rituals.actions import create_ritual, run_due_rituals
from cercle.rituals.tests.conftest import spec


@pytest.fixture
def introductions(community, bob):
    """A weekly introductions ritual whose thread has been opened: the current one."""
    ritual = create_ritual(
        community=community,
        by=bob,
        spec=spec(for_introductions=True, starts_on=(timezone.now() - timedelta(days=20)).date()),
        at=timezone.now() - timedelta(days=20),
    )
    [topic] = run_due_rituals().opened
    return ritual, topic
