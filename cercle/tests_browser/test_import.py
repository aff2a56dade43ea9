"""The animator imports a mailing list's archive from the Manage area, and watches an import's
progress bar move without reloading the page (htmx polls the status while the job runs)."""

import json

import pytest
from playwright.sync_api import Page, expect

from cercle.connectors.models import ImportJob, ImportJobState
from cercle.connectors.tests.archives import message
from cercle.connectors.uploads import imports_root
from cercle.discussions.models import Topic

from .test_journeys import log_in

pytestmark = pytest.mark.browser

MBOX = (
    message("a1@example.org", subject="Our tools", body="Which tools do you use?")
    + message(
        "a2@example.org",
        days=1,
        subject="Re: Our tools",
        sender="Sam Roux <sam@example.org>",
        in_reply_to="a1@example.org",
        body="A shared board.",
    )
).encode()


def test_the_animator_uploads_a_mailing_list_and_reads_the_summary(page: Page, community, bob):
    page.goto(f"/accounts/login/?next=/c/{community.slug}/manage/")
    log_in(page, "bob@example.org")
    page.get_by_role("link", name="Import an archive").click()
    page.get_by_label("Mailing list (mbox)").check()
    page.get_by_label("The file").set_input_files(
        {"name": "list.mbox", "mimeType": "application/mbox", "buffer": MBOX}
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="State: done")).to_be_visible()
    expect(page.locator("#summary-posts")).to_have_text("2")
    expect(page.locator("#summary-threads")).to_have_text("1")
    assert Topic.objects.filter(community=community, title="Our tools").exists()


def test_the_progress_bar_moves_until_the_import_ends(page: Page, community, bob):
    folder = imports_root() / "running"
    (folder / "upload").mkdir(parents=True)
    progress = folder / "progress.json"
    progress.write_text(json.dumps({"phase": "importing", "done": 1000, "total": 4000}))
    job = ImportJob.objects.create(
        community=community,
        started_by=bob,
        kind="mbox",
        state=ImportJobState.RUNNING,
        upload_path="private/imports/running/upload/list.mbox",
        upload_name="list.mbox",
    )
    page.goto(f"/accounts/login/?next=/c/{community.slug}/manage/import/{job.pk}/")
    log_in(page, "bob@example.org")
    bar = page.locator("#import-job-status progress")
    expect(bar).to_have_attribute("value", "1000")
    progress.write_text(json.dumps({"phase": "importing", "done": 3000, "total": 4000}))
    expect(bar).to_have_attribute("value", "3000")  # polled, not reloaded
    expect(page.get_by_text("3000 of 4000 messages written (75 %).")).to_be_visible()
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJobState.DONE, summary={"posts": 4000, "threads": 120, "skipped": []}
    )
    expect(page.locator("#summary-posts")).to_have_text("4000")
    expect(page.locator("#import-job-status")).not_to_have_attribute("hx-trigger", "every 2s")
