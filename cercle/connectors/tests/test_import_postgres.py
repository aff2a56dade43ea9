"""On PostgreSQL, an import checks its foreign keys once per key at the end rather than once per
row at COMMIT (cercle/connectors/postgres.py), with the same guarantees: a reference to a row
that is not there fails the import and writes nothing; the rows it refers to are locked until it
commits; a role that may not skip the row-by-row checks, or a table with a trigger of its own,
keeps them. And the search index is merged before the import ends."""

import os

import psycopg
import pytest
from django.db import IntegrityError, connection

from cercle.connectors import postgres
from cercle.connectors.importing import run_import
from cercle.connectors.models import ImportedItem
from cercle.connectors.readers import ArchiveError
from cercle.discussions.models import Post, Topic
from cercle.members.models import Tag

from .archives import BEER, table_counts

pytestmark = pytest.mark.postgresql


@pytest.fixture
def animator(make_user):
    return make_user("Ana Animatrice", "ana@example.org")


@pytest.fixture
def bulk_checks(monkeypatch):
    """What ReferenceChecks.begin answered, import after import."""
    answers = []
    begin = postgres.ReferenceChecks.begin

    def spy(self):
        answers.append(begin(self))
        return answers[-1]

    monkeypatch.setattr(postgres.ReferenceChecks, "begin", spy)
    return answers


def replication_role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return cursor.fetchone()[0]


def dangling_references() -> list[str]:
    """Every single-column foreign key of the database, checked from PostgreSQL's catalogue
    (not from the models, as the importer does): the references to no row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, "
            "  f.attname "
            "FROM pg_constraint c "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1] "
            "WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 "
            "AND c.connamespace = 'public'::regnamespace"
        )
        keys = cursor.fetchall()
        found = []
        for table, column, target, key in keys:
            cursor.execute(
                f'SELECT count(*) FROM {table} c WHERE c."{column}" IS NOT NULL AND NOT EXISTS '  # noqa: S608
                f'(SELECT 1 FROM {target} t WHERE t."{key}" = c."{column}")'
            )
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
        assert len(keys) > 20  # the catalogue was read
        return found


@pytest.mark.django_db
def test_references_are_checked_in_bulk_and_sound(animator, bulk_checks):
    summary = run_import("stackexchange", [BEER], community="beer", create=True, animator=animator)
    assert bulk_checks == [True]  # the test database's role is a superuser
    assert summary.posts > 1000
    # The row-by-row checks are back for what the transaction does next.
    assert replication_role() == "origin"
    assert dangling_references() == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_bulk", [True, False])
def test_a_reference_to_nothing_fails_the_import_and_writes_nothing(
    animator, settings, monkeypatch, bulk_checks, in_bulk
):
    """A post whose author is not there (as a bug of the importer would write it): with the
    checks in bulk, the import's own check refuses it; without, PostgreSQL's at COMMIT. Either
    way nothing is written."""
    settings.IMPORT_BULK_REFERENCE_CHECKS = in_bulk
    verify = postgres.ReferenceChecks.verify

    def corrupting_verify(self):
        Post.objects.filter(pk=Post.objects.order_by("pk").last().pk).update(author_id=10**9)
        verify(self)

    monkeypatch.setattr(postgres.ReferenceChecks, "verify", corrupting_verify)
    before = table_counts()
    if in_bulk:
        with pytest.raises(ArchiveError, match=r"discussions_post\.author_id = 1000000000"):
            run_import("stackexchange", [BEER], community="beer", create=True, animator=animator)
    else:
        with pytest.raises(IntegrityError, match="author_id"):
            run_import("stackexchange", [BEER], community="beer", create=True, animator=animator)
    assert bulk_checks == [in_bulk]
    assert table_counts() == before


@pytest.mark.django_db(transaction=True)
def test_rows_it_refers_to_are_locked_until_it_commits(animator, monkeypatch):
    """A tag that existed before the import, given to its topics: another session cannot
    delete it while the import runs (PostgreSQL's own check would have locked it too)."""
    hops = Tag.objects.create(slug="hops", name="hops")
    attempts = []

    def delete_from_another_session() -> None:
        settings = connection.settings_dict
        with psycopg.connect(
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            dbname=settings["NAME"],
            autocommit=True,
        ) as other:
            other.execute("SET lock_timeout = '200ms'")
            try:
                other.execute("DELETE FROM members_tag WHERE id = %s", [hops.pk])
            except psycopg.errors.LockNotAvailable:
                attempts.append("waited for the import")
            else:
                attempts.append("deleted")

    monkeypatch.setattr(postgres, "flush_search_index", delete_from_another_session)
    run_import("stackexchange", [BEER], community="beer", create=True, animator=animator)
    assert attempts == ["waited for the import"]
    assert Topic.objects.filter(tags=hops).count() > 10


@pytest.mark.django_db
def test_a_role_that_may_not_keeps_the_row_by_row_checks(animator, bulk_checks):
    role = f"cercle_plain_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOSUPERUSER")
        cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
    summary = run_import("stackexchange", [BEER], community="beer", create=True, animator=animator)
    assert bulk_checks == [False]
    assert replication_role() == "origin"
    assert ImportedItem.objects.filter(run__community__slug="beer").count() == summary.posts


@pytest.mark.django_db
def test_a_table_with_a_trigger_of_its_own_keeps_the_row_by_row_checks(animator, bulk_checks):
    """Replica mode would silently skip such a trigger: the import does not use it then."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION count_posts() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RETURN NEW; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER counting AFTER INSERT ON discussions_post "
            "FOR EACH ROW EXECUTE FUNCTION count_posts()"
        )
    run_import("stackexchange", [BEER], community="beer", create=True, animator=animator)
    assert bulk_checks == [False]


@pytest.mark.django_db
def test_the_search_index_is_merged_before_the_import_ends(animator):
    """A search reads the GIN index's whole pending list: the import leaves none behind."""
    run_import("stackexchange", [BEER], community="beer", create=True, animator=animator)
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [postgres.SEARCH_INDEX])
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_topic_counters_in_one_pass_agree_with_the_subqueries(animator):
    """postgres.set_topic_counters (one grouped pass, PostgreSQL) and the importer's
    per-topic subqueries (SQLite) give every topic the same opening post, live count and
    latest live post, deleted posts left out."""
    from types import SimpleNamespace

    from django.utils import timezone

    from cercle.connectors.importing import _Writer
    from cercle.connectors.models import ImportRun

    run_import("stackexchange", [BEER], community="beer", create=True, animator=animator)
    run = ImportRun.objects.get(community__slug="beer")
    topics = Topic.objects.filter(community__slug="beer")
    # Delete the latest post of a hundred topics, as a moderator would.
    latest = [t.posts.order_by("-created_at", "-pk").first().pk for t in topics[:100]]
    Post.objects.filter(pk__in=latest, parent__isnull=False).update(deleted_at=timezone.now())
    columns = ("pk", "opening_post_id", "post_count", "last_post_at", "last_post_by_id")

    def counters():
        return sorted(topics.values_list(*columns))

    scrambled = {"post_count": 0, "last_post_at": timezone.now(), "last_post_by": animator}
    topics.update(**scrambled)
    _Writer._set_topic_counters(SimpleNamespace(run=run))
    by_subqueries = counters()
    topics.update(**scrambled)
    postgres.set_topic_counters(run.pk)
    assert counters() == by_subqueries
    assert (
        sum(row[2] for row in by_subqueries)
        == Post.objects.filter(topic__in=topics, deleted_at__isnull=True).count()
    )
