"""An import is all or nothing: an archive that cannot be read leaves the database as it was,
with a message that says what is wrong; one undecodable message is skipped, the rest imported."""

import gzip
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cercle.communities.models import Community
from cercle.connectors.importing import run_import
from cercle.connectors.readers import ArchiveError
from cercle.connectors.rows import SearchIndexRows
from cercle.discussions.models import Post

from .archives import BEER, message, table_counts, write_mbox

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    stdout = StringIO()
    call_command("import", *args, "--no-progress", stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


def assert_refused(*args: str, match: str) -> None:
    before = table_counts()
    with pytest.raises(CommandError, match=match) as refusal:
        run(*args)
    assert "the database is as it was" in str(refusal.value)
    assert table_counts() == before


@pytest.fixture
def animator(make_user):
    return make_user("Ana Animatrice", "ana@example.org")


def test_a_missing_folder(tmp_path, animator):
    missing = str(tmp_path / "nowhere")
    for kind in ("mbox", "stackexchange"):
        assert_refused(
            kind,
            missing,
            "--community",
            "lost",
            "--create",
            "--animator",
            "ana@example.org",
            match="no such (file or )?folder",
        )
    assert not Community.objects.filter(slug="lost").exists()


def test_a_dump_folder_without_posts(tmp_path, animator):
    (tmp_path / "dump").mkdir()
    assert_refused(
        "stackexchange",
        str(tmp_path / "dump"),
        "--community",
        "beer",
        "--create",
        "--animator",
        "ana@example.org",
        match="no Posts.xml",
    )


def test_truncated_xml_after_batches_were_written(tmp_path, animator):
    dump = tmp_path / "dump"
    dump.mkdir()
    data = (BEER / "Posts.xml").read_bytes()
    (dump / "Posts.xml").write_bytes(data[: len(data) * 3 // 4])
    before = table_counts()
    with pytest.raises(ArchiveError, match="malformed or truncated XML at line"):
        # Small batches: hundreds of posts are written before the reader meets the cut.
        run_import(
            "stackexchange", [dump], community="beer", create=True, animator=animator, batch_size=50
        )
    assert table_counts() == before
    if connection.vendor == "sqlite":  # the import set the search trigger aside: it is back
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [SearchIndexRows.TRIGGER])
            assert cursor.fetchone()
    assert_refused(
        "stackexchange",
        str(dump),
        "--community",
        "beer",
        "--create",
        "--animator",
        "ana@example.org",
        match="truncated XML",
    )


def test_a_file_that_is_not_an_mbox(tmp_path, animator, community):
    good = write_mbox(tmp_path / "list" / "2016-March.txt", message("a@x"), message("b@x", days=1))
    (tmp_path / "list" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert_refused(
        "mbox", str(tmp_path / "list"), "--community", community.slug, match="is not an mbox file"
    )
    # The same good file alone imports.
    assert "2 new posts" in run("mbox", str(good), "--community", community.slug)


def test_a_truncated_compressed_mbox(tmp_path, community):
    text = "".join(message(f"m{i}@x", days=i, body="word " * 400) for i in range(40))
    path = tmp_path / "2016-March.txt.gz"
    packed = gzip.compress(text.encode())
    path.write_bytes(packed[: len(packed) // 2])
    assert_refused("mbox", str(path), "--community", community.slug, match="truncated or corrupt")


def test_an_unknown_community_needs_create(tmp_path):
    path = write_mbox(tmp_path / "list.mbox", message("a@x"))
    assert_refused("mbox", str(path), "--community", "nobody-here", match="add --create")


def test_an_undecodable_message_is_skipped_and_the_rest_imported(tmp_path, community):
    path = write_mbox(
        tmp_path / "list.mbox",
        message("a@x", body="First."),
        message(
            "b@x",
            days=1,
            headers="Content-Type: text/plain; charset=x-klingon",
            body="Qapla'.",
        ),
        message("c@x", days=2, subject="Re: Our tools", in_reply_to="a@x", body="Third."),
    )
    out = run("mbox", str(path), "--community", community.slug)
    assert "2 new posts in 1 new thread," in out
    assert "undecodable" in out
    assert "x-klingon" in out
    assert sorted(Post.objects.filter(community=community).values_list("body", flat=True)) == [
        "First.",
        "Third.",
    ]


def test_an_unknown_kind(tmp_path, community):
    with pytest.raises(CommandError, match="invalid choice"):
        run("usenet", str(tmp_path), "--community", community.slug)
