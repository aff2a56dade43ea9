"""Manage > Import an archive: an animator uploads an archive, it is imported in the background
with its progress shown, then its summary; bad files are refused with a clear message and leave
the database as it was; only the community's animator uploads or sees its imports."""

import io
import json
import os
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from cercle.communities.models import Membership, Role
from cercle.connectors import jobs
from cercle.connectors.models import ImportJob, ImportJobState, ImportRun
from cercle.connectors.uploads import imports_root
from cercle.discussions.models import Post, Topic

from .archives import CLEARWATER, message, stackexchange_dump, table_counts

pytestmark = pytest.mark.django_db

MBOX = "".join(
    [
        message("a1@example.org", subject="Our tools", body="Which tools do you use?"),
        message(
            "a2@example.org",
            days=1,
            subject="Re: Our tools",
            sender="Sam Roux <sam@example.org>",
            in_reply_to="a1@example.org",
            body="A shared board.",
        ),
        message("b1@example.org", days=2, subject="Meeting in May", body="Who comes?"),
    ]
).encode()
POSTS = [
    'Id="1" PostTypeId="1" AcceptedAnswerId="2" CreationDate="2014-01-21T20:26:05.383" '
    'Body="&lt;p&gt;What are citra hops?&lt;/p&gt;" OwnerUserId="7" Title="Citra?" '
    'Tags="&lt;hops&gt;"',
    'Id="2" PostTypeId="2" ParentId="1" CreationDate="2014-01-21T21:00:00.000" '
    'Body="&lt;p&gt;A hop.&lt;/p&gt;" OwnerUserId="8"',
]


def url(community, *parts) -> str:
    return "/".join([f"/c/{community.slug}/manage/import", *map(str, parts)]) + "/"


def upload(client, community, name: str, content: bytes, kind: str = "mbox", **extra):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content), **extra}
    return client.post(url(community), data)


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def tarred(files: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def leftovers() -> list[str]:
    """Files left in the imports' private folder (uploads are deleted when their job ends)."""
    root = imports_root()
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def animator_client(client, bob, community):
    client.force_login(bob)
    client.get(url(community))  # the day's first visit is recorded: not part of any import
    return client


def assert_refused(response, text: str) -> None:
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not ImportJob.objects.exists()
    assert leftovers() == []


# It works ------------------------------------------------------------------------------------


def test_an_uploaded_mbox_is_imported_and_its_summary_shown(animator_client, community, bob):
    response = upload(animator_client, community, "list.mbox", MBOX)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(community, job.pk)
    assert job.state == ImportJobState.DONE
    assert (job.started_by, job.kind, job.archive, job.upload_name) == (
        bob,
        "mbox",
        False,
        "list.mbox",
    )
    assert job.summary["posts"] == 3
    assert job.summary["threads"] == 2
    assert job.run == ImportRun.objects.get(community=community)
    assert Post.objects.filter(community=community, topic__title="Our tools").count() == 2
    assert Topic.objects.filter(community=community, title="Meeting in May").exists()
    assert leftovers() == []  # the upload is deleted, the summary kept
    assert job.upload_path == ""

    page = animator_client.get(response["Location"]).content.decode()
    assert 'id="summary-posts">3<' in page
    assert 'id="summary-threads">2<' in page
    assert 'id="summary-members">2<' in page
    assert "hx-trigger" not in page  # nothing left to poll
    listing = animator_client.get(url(community)).content.decode()
    assert f'id="import-job-{job.pk}"' in listing
    assert "list.mbox" in listing


def test_a_large_upload_goes_to_disk_in_the_private_folder_then_is_moved_and_deleted(
    animator_client, community, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100  # every file goes through ImportUploadHandler
    seen = []
    real = jobs._store

    def store(upload, target):
        seen.append(upload.temporary_file_path())
        real(upload, target)
        seen.append(str(target.relative_to(settings.MEDIA_ROOT)))

    jobs._store = store
    try:
        upload(animator_client, community, "list.mbox", MBOX)
    finally:
        jobs._store = real
    assert Path(seen[0]).parent == imports_root() / "incoming"
    assert seen[1].startswith("private/imports/")
    assert seen[1].endswith("/upload/list.mbox")
    assert ImportJob.objects.get().state == ImportJobState.DONE
    assert leftovers() == []


def test_a_zipped_stack_exchange_dump_becomes_a_read_only_archive(
    animator_client, community, tmp_path
):
    dump = stackexchange_dump(tmp_path / "beer.stackexchange.com", POSTS)
    content = zipped(
        {
            "beer.stackexchange.com/Posts.xml": (dump / "Posts.xml").read_bytes(),
            "__MACOSX/beer.stackexchange.com/._Posts.xml": b"\x00\x05\x16\x07",
        }
    )
    upload(animator_client, community, "beer.zip", content, kind="stackexchange", archive="on")
    job = ImportJob.objects.get()
    assert job.state == ImportJobState.DONE, job.error
    assert job.summary["posts"] == 2
    community.refresh_from_db()
    assert community.is_archive
    assert Topic.objects.get(community=community).accepted_answer is not None


def test_a_zip_of_real_pipermail_months(animator_client, community):
    months = ["2019-May.txt", "2019-June.txt", "2019-July.txt", "2019-September.txt"]
    content = zipped({f"clearwater/{m}": (CLEARWATER / m).read_bytes() for m in months})
    before = Post.objects.filter(community=community).count()
    upload(animator_client, community, "clearwater.zip", content)
    job = ImportJob.objects.get()
    assert job.state == ImportJobState.DONE, job.error
    assert job.summary["posts"] > 5
    assert Post.objects.filter(community=community).count() == before + job.summary["posts"]
    for item in job.summary["skipped"]:  # named as in the zip, not by their place on the server
        assert item["file"].startswith("clearwater/")


def test_a_posts_xml_alone_is_a_stack_exchange_dump(animator_client, community, tmp_path):
    dump = stackexchange_dump(tmp_path / "dump", POSTS)
    upload(
        animator_client, community, "Posts.xml", (dump / "Posts.xml").read_bytes(), "stackexchange"
    )
    assert ImportJob.objects.get().summary["posts"] == 2


def test_a_tar_gz_of_a_folder_of_monthly_archives(animator_client, community):
    first, second = MBOX.split(b"From jo@example.org", 2)[1:]
    content = tarred(
        {
            "list/2016-March.txt": b"From jo@example.org" + first,
            "list/2016-April.txt.gz": __import__("gzip").compress(b"From jo@example.org" + second),
        }
    )
    upload(animator_client, community, "list.tar.gz", content)
    job = ImportJob.objects.get()
    assert job.state == ImportJobState.DONE, job.error
    assert job.summary["posts"] == 3


# Progress -----------------------------------------------------------------------------------


def running_job(community, bob, progress: dict | None) -> ImportJob:
    folder = imports_root() / "job"
    (folder / "upload").mkdir(parents=True)
    if progress is not None:
        (folder / "progress.json").write_text(json.dumps(progress))
    return ImportJob.objects.create(
        community=community,
        started_by=bob,
        kind="mbox",
        state=ImportJobState.RUNNING,
        upload_path="private/imports/job/upload/list.mbox",
        upload_name="list.mbox",
    )


def test_the_status_part_shows_the_progress_file_and_polls_until_the_job_ends(
    animator_client, community, bob
):
    job = running_job(community, bob, {"phase": "importing", "done": 1500, "total": 6000})
    part = animator_client.get(url(community, job.pk), HTTP_HX_REQUEST="true").content.decode()
    assert part.startswith("<section")  # the part alone, for htmx to swap
    assert '<progress value="1500" max="6000"' in part
    assert "1500 of 6000 messages written (25 %)" in part
    assert 'hx-trigger="every 2s"' in part
    assert f'href="{url(community, job.pk)}"' in part  # the refresh link, without JavaScript
    full = animator_client.get(url(community, job.pk)).content.decode()
    assert "<html" in full
    assert '<progress value="1500"' in full

    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJobState.DONE, summary={"posts": 6000, "threads": 10, "skipped": []}
    )
    part = animator_client.get(url(community, job.pk), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in part
    assert "<progress" not in part
    assert 'id="summary-posts">6000<' in part


def test_unpacking_and_a_total_not_known_yet(animator_client, community, bob):
    job = running_job(community, bob, {"phase": "unpacking", "done": 3 * 1024 * 1024})
    part = animator_client.get(url(community, job.pk), HTTP_HX_REQUEST="true").content.decode()
    assert "Unpacking the archive: 3.0\xa0MB so far" in part
    (imports_root() / "job" / "progress.json").write_text(
        json.dumps({"phase": "importing", "done": 2000, "total": None})
    )
    part = animator_client.get(url(community, job.pk), HTTP_HX_REQUEST="true").content.decode()
    assert "2000 messages written" in part
    assert "<progress aria-label" in part


def test_the_progress_file_is_replaced_whole_and_read_back(community, bob, tmp_path):
    job = running_job(community, bob, None)
    folder = imports_root() / "job"
    assert jobs.read_progress(job) is None  # nothing said yet
    progress = jobs.ProgressFile(folder, interval=3600)
    progress.phase("importing")
    progress.posts(1000, 4000)  # within the interval: not written
    assert jobs.read_progress(job)["done"] == 0
    progress.posts(4000, 4000)  # the last one always is
    assert jobs.read_progress(job) == {
        "phase": "importing",
        "done": 4000,
        "total": 4000,
        "percent": 100,
        "stale": False,
    }
    assert sorted(p.name for p in folder.iterdir()) == ["progress.json", "upload"]


def test_the_import_reports_its_phases_and_posts_through_the_progress_file(
    animator_client, community, monkeypatch
):
    written = []
    real = jobs._write_progress

    def spy(folder, data):
        written.append((data["phase"], data["done"], data["total"]))
        real(folder, data)

    monkeypatch.setattr(jobs, "_write_progress", spy)
    upload(animator_client, community, "list.zip", zipped({"list/march.mbox": MBOX}))
    assert written[0] == ("queued", 0, None)
    phases = [phase for phase, _done, _total in written]
    assert phases.index("unpacking") < phases.index("importing")
    assert ("importing", 3, 3) in written


def test_a_job_whose_worker_died_is_said_stopped_and_gives_way_to_a_new_upload(
    animator_client, community, bob
):
    job = running_job(community, bob, {"phase": "importing", "done": 10, "total": 100})
    old = time.time() - jobs.STALE_AFTER - 60
    os.utime(imports_root() / "job" / "progress.json", (old, old))
    part = animator_client.get(url(community, job.pk), HTTP_HX_REQUEST="true").content.decode()
    assert "no sign of life" in part
    upload(animator_client, community, "list.mbox", MBOX)
    job.refresh_from_db()
    assert job.state == ImportJobState.FAILED
    assert "worker was stopped" in job.error
    assert ImportJob.objects.exclude(pk=job.pk).get().state == ImportJobState.DONE


def test_one_import_at_a_time_per_community(animator_client, community, bob):
    running_job(community, bob, {"phase": "importing", "done": 10, "total": 100})
    response = upload(animator_client, community, "list.mbox", MBOX)
    assert "An import into this community is under way" in response.content.decode()
    assert ImportJob.objects.count() == 1


# The background worker ----------------------------------------------------------------------


def test_the_worker_imports_what_the_page_queued(animator_client, community, settings, run_worker):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = upload(animator_client, community, "list.mbox", MBOX)
    job = ImportJob.objects.get()
    assert job.state == ImportJobState.QUEUED
    assert not Post.objects.filter(community=community, topic__title="Our tools").exists()
    page = animator_client.get(response["Location"]).content.decode()
    assert "waits for the background worker" in page
    assert 'hx-trigger="every 2s"' in page

    run_worker()
    job.refresh_from_db()
    assert job.state == ImportJobState.DONE, job.error
    assert job.started_at is not None
    assert job.finished_at is not None
    assert Post.objects.filter(community=community, topic__title="Our tools").count() == 2
    assert leftovers() == []


# Bad input ----------------------------------------------------------------------------------


def test_a_picture_sent_as_a_mailing_list(animator_client, community):
    before = table_counts()
    response = upload(animator_client, community, "list.mbox", png())
    assert_refused(response, "This file is of type image/png, not an archive of this kind")
    assert table_counts() == before


def test_other_files_that_are_not_what_they_claim(animator_client, community):
    cases = [
        ("dump.7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 40, "Cercle cannot open 7z archives"),
        ("empty.mbox", b"", "The submitted file is empty"),
        ("list.gz", b"\x1f\x8b\x08\x00\x00\x00", "damaged or incomplete"),
        ("cut.zip", zipped({"a.mbox": MBOX})[:40], "damaged or incomplete"),
    ]
    for name, content, text in cases:
        assert_refused(upload(animator_client, community, name, content), text)
    response = upload(animator_client, community, "list.mbox", MBOX, kind="stackexchange")
    assert_refused(response, "This file is not a Stack Exchange Posts.xml")


def test_an_empty_zip(animator_client, community):
    empty = zipped({})
    assert_refused(upload(animator_client, community, "list.zip", empty), "This archive is empty")
    only_hidden = zipped({"list/.DS_Store": b"x", "__MACOSX/list/._a": b"x"})
    response = upload(animator_client, community, "list.zip", only_hidden)
    assert_refused(response, "This archive is empty")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("../escape.mbox", "outside its folder"),
        ("list/../../escape.mbox", "outside its folder"),
        ("/etc/escape.mbox", "absolute path"),
        ("C:\\escape.mbox", "absolute path"),
        ("..\\escape.mbox", "outside its folder"),
    ],
)
def test_a_zip_with_a_path_out_of_its_folder(animator_client, community, name, text):
    content = zipped({"list/ok.mbox": MBOX, name: MBOX})
    assert_refused(upload(animator_client, community, "list.zip", content), text)


def test_a_zip_with_a_symbolic_link(animator_client, community):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("list/ok.mbox", MBOX)
        link = zipfile.ZipInfo("list/passwd")
        link.external_attr = (0o120777 << 16) | 0x20
        archive.writestr(link, "/etc/passwd")
    response = upload(animator_client, community, "list.zip", buffer.getvalue())
    assert_refused(response, "symbolic link")


def test_a_tar_with_a_path_out_of_its_folder_or_a_link_fails_its_job(
    animator_client, community, settings
):
    before = table_counts()
    upload(animator_client, community, "list.tar.gz", tarred({"../../escape.mbox": MBOX}))
    link = io.BytesIO()
    with tarfile.open(fileobj=link, mode="w:gz") as archive:
        info = tarfile.TarInfo("list/passwd")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(info)
    upload(animator_client, community, "links.tar.gz", link.getvalue())
    failed = list(ImportJob.objects.order_by("pk").values_list("state", "error"))
    assert failed[0][0] == failed[1][0] == ImportJobState.FAILED
    assert "outside its folder" in failed[0][1]
    assert "holds a link (list/passwd)" in failed[1][1]
    assert table_counts() == before
    assert not list(Path(settings.MEDIA_ROOT).parent.rglob("escape.mbox"))
    assert leftovers() == []


def test_zip_bombs(animator_client, community, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    zeros = b"\x00" * (4 * 1024 * 1024)  # 4 MB of zeros weigh 4 kB compressed
    response = upload(animator_client, community, "list.zip", zipped({"list/a.mbox": zeros}))
    assert_refused(response, "This archive expands to more than 1.0\xa0MB")
    # A tar's members are only known as they are read: its job fails, having written no more
    # than the limit.
    before = table_counts()
    upload(animator_client, community, "list.tar.gz", tarred({"list/a.mbox": zeros}))
    job = ImportJob.objects.get()
    assert job.state == ImportJobState.FAILED
    assert "expands to more than 1.0\xa0MB" in job.error
    assert table_counts() == before
    assert leftovers() == []


def test_truncated_xml_in_a_zip_fails_its_job_and_changes_nothing(
    animator_client, community, tmp_path
):
    dump = stackexchange_dump(tmp_path / "dump", POSTS)
    xml = (dump / "Posts.xml").read_bytes()
    before = table_counts()
    upload(
        animator_client,
        community,
        "dump.zip",
        zipped({"dump/Posts.xml": xml[:-60]}),
        "stackexchange",
    )
    job = ImportJob.objects.get()
    assert job.state == ImportJobState.FAILED
    assert "Posts.xml" in job.error
    assert str(imports_root()) not in job.error  # names the file as the animator knows it
    assert table_counts() == before
    assert leftovers() == []
    page = animator_client.get(url(community, job.pk)).content.decode()
    assert "Nothing was imported: the community is as it was." in page


def test_a_dump_without_posts_xml_and_a_text_file_that_is_no_mbox(animator_client, community):
    before = table_counts()
    upload(
        animator_client,
        community,
        "dump.zip",
        zipped({"dump/Users.xml": b"<users/>"}),
        "stackexchange",
    )
    upload(animator_client, community, "notes.txt", b"Just some notes.\nNo mail here.\n")
    errors = list(ImportJob.objects.order_by("pk").values_list("error", flat=True))
    assert "There is no Posts.xml in this archive" in errors[0]
    assert "notes.txt: is not an mbox file" in errors[1]
    assert table_counts() == before


def test_an_unexpected_error_midway_fails_the_job_and_rolls_the_import_back(
    animator_client, community, monkeypatch
):
    from cercle.connectors import importing

    def broken(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importing._Writer, "finish", broken)  # after every post is written
    before = table_counts()
    upload(animator_client, community, "list.mbox", MBOX)
    job = ImportJob.objects.get()
    assert job.state == ImportJobState.FAILED
    assert job.error == "The import stopped on an unexpected error. Nothing was imported."
    assert table_counts() == before
    assert leftovers() == []


def test_an_oversized_upload(animator_client, community, settings):
    settings.IMPORT_MAX_BYTES = 200
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100
    response = upload(animator_client, community, "list.mbox", MBOX)
    assert_refused(response, "the largest file Cercle accepts weighs 200\xa0bytes")
    assert leftovers() == []  # nor left in the incoming folder


def test_a_forged_post_without_csrf_token(community, bob):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    assert upload(client, community, "list.mbox", MBOX).status_code == 403
    assert not ImportJob.objects.exists()
    page = client.get(url(community))
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content


# Who may --------------------------------------------------------------------------------------


def test_only_the_communitys_animator_uploads_and_sees_its_imports(
    client, community, bob, alice, charlie, make_user, make_community
):
    job = running_job(community, bob, {"phase": "importing", "done": 1, "total": 3})
    co_animator = make_user("Co Animatrice")
    Membership.objects.create(
        community=community,
        user=co_animator,
        role=Role.CO_ANIMATOR,
        state="active",
        charter_version=community.charter_version,
    )
    other_animator = make_user("Autre Animateur")
    other = make_community(animator=other_animator)
    for user in (alice, charlie, co_animator):
        client.force_login(user)
        assert client.get(url(community)).status_code == 403
        assert client.get(url(community, job.pk)).status_code == 403
        assert upload(client, community, "list.mbox", MBOX).status_code == 403
    client.force_login(other_animator)
    assert client.get(url(community, job.pk)).status_code == 403
    assert client.get(url(other, job.pk)).status_code == 404  # their address, our job
    assert upload(client, community, "list.mbox", MBOX).status_code == 403
    client.logout()
    assert client.get(url(community, job.pk)).status_code == 302  # to the login page
    assert ImportJob.objects.count() == 1
    assert not Post.objects.filter(topic__title="Our tools").exists()


def test_the_manage_menu_offers_the_import_to_the_animator_only(client, community, bob, make_user):
    client.force_login(bob)
    assert url(community).encode() in client.get(f"/c/{community.slug}/manage/").content
    co_animator = make_user("Co Animatrice")
    Membership.objects.create(
        community=community,
        user=co_animator,
        role=Role.CO_ANIMATOR,
        state="active",
        charter_version=community.charter_version,
    )
    client.force_login(co_animator)
    assert url(community).encode() not in client.get(f"/c/{community.slug}/manage/").content


# Pages ----------------------------------------------------------------------------------------


def test_the_list_of_imports_costs_the_same_queries_for_3_or_12(animator_client, community, bob):
    def count() -> int:
        animator_client.get(url(community))
        with CaptureQueriesContext(connection) as queries:
            assert animator_client.get(url(community)).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for _ in range(n):
            ImportJob.objects.create(
                community=community, started_by=bob, kind="mbox", state="done", summary={"posts": 3}
            )

    add(3)
    few = count()
    add(9)
    assert count() == few


def test_the_page_offers_each_kind_with_its_help_and_the_csv_format(animator_client, community):
    page = animator_client.get(url(community)).content.decode()
    for kind in ("mbox", "stackexchange"):
        assert f'value="{kind}"' in page
    assert "Posts.xml" in page
    assert 'name="archive"' in page
    doc = animator_client.get(url(community, "csv"))
    assert doc.status_code == 200
    assert b"source_id" in doc.content
    assert b"<table>" in doc.content
