"""Memoised fragments: the same values give the same HTML, other values never do, and what is
said of a date holds for as long as its key does."""

import random
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.contrib.humanize.templatetags import humanize
from django.template import Context, Template
from django.utils import translation
from django.utils.timesince import timesince

from cercle.discussions import actions
from cercle.discussions.models import Category
from cercle.discussions.selectors import own_copy
from cercle.lib import fragments

NOW = datetime(2026, 3, 14, 15, 9, 26, 535897, tzinfo=UTC)


@pytest.fixture
def topic(community, alice):
    return actions.start_topic(
        community=community, author=alice, kind="discussion", title="Un sujet", body="Texte"
    )


def key(values: dict, now=NOW) -> tuple:
    return fragments.fingerprint(values, now=now)


def naturaltime_at(value: datetime, now: datetime) -> str:
    """What `naturaltime` says of `value` when the clock shows `now`."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return now

    with mock.patch.object(humanize, "datetime", Clock):
        return humanize.naturaltime(value)


def test_the_key_follows_every_value_and_only_them(db):
    one = Category(pk=1, community_id=1, name="Outils", slug="outils", position=0)
    same = Category(pk=1, community_id=1, name="Outils", slug="outils", position=0)
    renamed = Category(pk=1, community_id=1, name="Outillage", slug="outils", position=0)
    assert key({"c": one}) == key({"c": same})
    assert key({"c": one}) != key({"c": renamed})
    assert key({"c": one}) != key({"other": one})
    same.unread_count = 3  # what a view sets on an instance is shown too
    assert key({"c": one}) != key({"c": same})
    with translation.override("fr"):
        french = key({"c": one})
    with translation.override("en"):
        assert key({"c": one}) != french


def test_related_and_prefetched_objects_are_in_the_key(db, community, topic):
    from cercle.discussions.models import Topic

    def loaded():
        return Topic.objects.select_related("author").prefetch_related("tags").get(pk=topic.pk)

    first = key({"t": loaded()})
    assert key({"t": loaded()}) == first
    topic.author.name = "Alice Renamed"
    topic.author.save()
    assert key({"t": loaded()}) != first
    renamed = key({"t": loaded()})
    topic.tags.create(name="neuf", slug="neuf")
    assert key({"t": loaded()}) != renamed


def test_a_readers_copy_of_a_shared_instance_is_keyed_on_what_it_changed(db, community, topic):
    shared = topic
    mine, theirs = own_copy(shared), own_copy(shared)
    assert key({"t": mine}) == key({"t": theirs})
    mine.unread_count = 2
    assert key({"t": mine}) != key({"t": theirs})
    theirs.unread_count = 2
    assert key({"t": mine}) == key({"t": theirs})


def test_what_naturaltime_says_holds_within_a_bucket():
    """Sampled over ages from seconds to years: two clocks in the same bucket, the same words;
    next_change is never later than the first change."""
    rng = random.Random(3)
    with translation.override("fr"):
        for _ in range(3000):
            age = timedelta(seconds=rng.choice([50, 3000, 80_000, 3e6, 1e8]) * rng.random())
            value = NOW - age
            later = NOW + timedelta(seconds=rng.random() * rng.choice([30, 600, 7200]))
            if fragments.age_bucket(value, NOW) == fragments.age_bucket(value, later):
                assert naturaltime_at(value, NOW) == naturaltime_at(value, later), (value, later)
                assert timesince(value, NOW) == timesince(value, later)
            change = fragments.next_change({"d": value}, NOW)
            just_before = change - timedelta(microseconds=1)
            assert naturaltime_at(value, just_before) == naturaltime_at(value, NOW)


def test_a_date_to_come_is_a_change_when_it_comes():
    closing = NOW + timedelta(days=3, hours=2, minutes=5)
    assert NOW < fragments.next_change({"poll": [closing]}, NOW) <= closing


def render(source: str, **values) -> str:
    return Template("{% load fragments %}" + source).render(Context(values))


@pytest.fixture
def fragment_template(tmp_path, settings):
    (tmp_path / "frag.html").write_text(
        "{{ c.name }} · {{ shown }}{% csrf_token %}{{ not_given }}", encoding="utf-8"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "frag.html"


def test_the_tag_renders_once_and_sees_only_what_it_is_given(db, fragment_template):
    category = Category(pk=1, community_id=1, name="Outils", slug="outils", position=0)
    memo = fragments.memo()
    memo.clear()
    source = '{% fragment "frag.html" c=category shown=3 %}'
    first = render(source, category=category, csrf_token="token-1", not_given="secret")
    assert first.startswith("Outils · 3")
    assert "secret" not in first  # the page's other variables are not the fragment's
    assert 'value="token-1"' in first
    again = render(source, category=category, csrf_token="token-2")
    assert again == first.replace("token-1", "token-2")  # the visitor's own token
    assert (memo.hits, memo.misses) == (1, 1)
    category.name = "Outillage"
    assert render(source, category=category, csrf_token="t").startswith("Outillage · 3")


def test_a_value_that_cannot_be_keyed_is_rendered_without_memo(db, fragment_template):
    with pytest.warns(RuntimeWarning, match="without memo"):
        html = render('{% fragment "frag.html" shown=thing %}', thing=object(), csrf_token="t")
    assert html.startswith(" · &lt;object object")
