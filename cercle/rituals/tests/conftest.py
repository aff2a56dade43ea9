"""Fixtures for rituals: built through the real actions, at fixed dates (`at=`)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from cercle.discussions.actions import create_category
from cercle.rituals.actions import RitualSpec, create_ritual

PARIS = ZoneInfo("Europe/Paris")


def paris(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=PARIS)


def spec(**fields) -> RitualSpec:
    values = {
        "name": "Présentations de la semaine",
        "title_template": "Présentez-vous — semaine du {date}",
        "body_template": "Bienvenue aux nouveaux ! Dites-nous qui vous êtes.",
        "frequency": "weekly",
        "weekday": 0,
        "starts_on": date(2026, 3, 1),
        "time_of_day": time(9, 0),
        "time_zone": "Europe/Paris",
    }
    values.update(fields)
    return RitualSpec(**values)


@pytest.fixture
def category(community, bob):
    return create_category(community=community, by=bob, name="Accueil")


@pytest.fixture
def make_ritual(community, bob):
    def make(*, by=None, at=None, language="fr", **fields):
        return create_ritual(
            community=community,
            by=by or bob,
            spec=spec(**fields),
            language=language,
            at=at or paris(2026, 3, 1, 8),
        )

    return make
