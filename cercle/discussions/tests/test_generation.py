"""The generation counts every committed write that a shared page may show, however it is
made; what is shared between readers is read again after each."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction

from cercle.accounts.models import User
from cercle.discussions import actions, generation
from cercle.discussions.models import Generation, Topic


@pytest.fixture
def counted(transactional_db):
    """Writes really committed (the generation counts on commit); the row is there again
    after the previous test's flush."""
    Generation.objects.get_or_create(pk=1)
    generation.forget_all()

    def value() -> int:
        return Generation.objects.get(pk=1).value

    return value


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('SELECT "x" FROM "discussions_topic"', None),
        ("  select 1", None),
        ('INSERT INTO "discussions_post" ("id") VALUES (1)', "discussions_post"),
        ('UPDATE "accounts_user" SET "name" = %s', "accounts_user"),
        ('DELETE FROM "discussions_reaction" WHERE 1', "discussions_reaction"),
        ("insert or replace into members_tag values (1)", "members_tag"),
        ('ALTER TABLE "discussions_topic" ADD COLUMN "x" int', ""),  # unknown: counted
    ],
)
def test_which_statements_write(sql, table):
    assert generation.written_table(sql) == table


def test_every_kind_of_write_is_counted_once_committed(counted, community, alice, bob):
    start = counted()
    topic = actions.start_topic(
        community=community, author=alice, kind="discussion", title="Un sujet", body="Texte"
    )
    after_topic = counted()
    assert after_topic > start
    Topic.objects.filter(pk=topic.pk).update(title="Bulk")  # no signal, still seen
    assert counted() == after_topic + 1
    User.objects.filter(pk=alice.pk).update(name="Alice R.")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE members_tag SET name = name")
    assert counted() == after_topic + 3


def test_writes_nobody_else_sees_are_not_counted(counted, alice):
    start = counted()
    session = SessionStore()
    session["x"] = 1
    session.create()
    assert counted() == start


def test_a_transaction_counts_once_when_it_commits_and_never_if_undone(counted, community, bob):
    start = counted()
    with transaction.atomic():
        actions.create_category(community=community, by=bob, name="Outils")
        actions.create_category(community=community, by=bob, name="Veille")
        assert counted() == start  # not yet committed
        assert generation.current() is None  # nothing kept nor served meanwhile
    assert counted() == start + 1
    before_local = generation.local
    with pytest.raises(RuntimeError):
        undone(community, bob)
    assert counted() == start + 1
    assert generation.local > before_local  # this process keeps nothing read meanwhile


@transaction.atomic
def undone(community, bob) -> None:
    actions.create_category(community=community, by=bob, name="Annulée")
    raise RuntimeError


def test_shared_reads_are_read_again_after_a_write(counted, community, bob):
    calls = []

    def build():
        calls.append(1)
        return list(community.categories.values_list("name", flat=True))

    assert generation.shared(("names",), build) == []
    assert generation.shared(("names",), build) == []
    assert len(calls) == 1
    actions.create_category(community=community, by=bob, name="Outils")
    assert generation.shared(("names",), build) == ["Outils"]
    assert len(calls) == 2
