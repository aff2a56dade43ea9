"""Imports started from the web: an animator uploads an archive, a background task imports it.

`start_import_job` stores the upload in a private folder, MEDIA_ROOT/private/imports/<random>/
(which /media/ never serves), records an ImportJob and enqueues `tasks.run_import_job`, which
calls `run_import_job` in the worker (`cercle serve` starts one).

Progress goes through a file, not the database: run_import does the whole import in one
transaction, and on SQLite that transaction holds the database's write lock to its end, so no
other connection could write a progress row meanwhile. The task writes progress.json next to the
upload (written whole to a temporary file, then os.replace'd, so a reader never sees half of it)
and the job page reads it. The job's own state changes are written outside the import's
transaction: before it starts, and after it has committed or rolled back.

When the job ends, done or failed, its folder (upload, unpacked files, progress) is deleted; the
job keeps the summary, or the error message.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from cercle.accounts.models import User
from cercle.communities.models import Community
from cercle.lib.errors import Refused

from .importing import run_import
from .models import ImportJob, ImportJobState, ImportRun
from .readers import ArchiveError
from .uploads import Upload, check_upload, imports_root, stackexchange_folder, unpack

logger = logging.getLogger(__name__)

PROGRESS_FILE = "progress.json"
PROGRESS_INTERVAL = 0.5  # seconds between two writes of the progress file
# While a job runs, its progress file is touched every HEARTBEAT seconds, even in the phases
# that report nothing (reading every message of an mbox before the first is written; the end of
# a Stack Exchange import). A running job whose file is older than STALE_AFTER died with its
# worker: it is marked failed when the next upload comes, and its page says so.
HEARTBEAT = 30
STALE_AFTER = 5 * 60


def job_folder(job: ImportJob) -> Path | None:
    if not job.upload_path:
        return None
    return (Path(settings.MEDIA_ROOT) / job.upload_path).parent.parent


# Starting -----------------------------------------------------------------------------------


def start_import_job(
    *,
    community: Community,
    started_by: User,
    kind: str,
    archive: bool,
    upload: UploadedFile,
    checked: Upload | None = None,
) -> ImportJob:
    """Store `upload` and queue its import into `community`. `checked` is what
    uploads.check_upload found (checked again when not given). Refused while another import
    of this community is waiting or running, or when the file is not what `kind` says."""
    for running in ImportJob.objects.filter(community=community, state=ImportJobState.RUNNING):
        if is_stale(running):
            fail_stale_job(running)
    if ImportJob.objects.filter(
        community=community, state__in=[ImportJobState.QUEUED, ImportJobState.RUNNING]
    ).exists():
        raise Refused(_("An import into this community is under way: wait until it ends."))
    if upload.size is None or upload.size > settings.IMPORT_MAX_BYTES:
        raise Refused(_("This file is too large."))
    if checked is None:
        try:
            checked = check_upload(upload, kind)
        except ArchiveError as error:
            raise Refused(str(error)) from error
    folder = imports_root() / uuid.uuid4().hex
    name = _stored_name(upload.name or "")
    target = folder / "upload" / name
    target.parent.mkdir(parents=True)
    try:
        _store(upload, target)
        job = ImportJob.objects.create(
            community=community,
            started_by=started_by,
            kind=kind,
            archive=archive,
            upload_path=target.relative_to(settings.MEDIA_ROOT).as_posix(),
            upload_name=(upload.name or "")[:255],
            upload_size=upload.size,
        )
        _write_progress(folder, {"phase": "queued", "done": 0, "total": None})
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    from .tasks import run_import_job as task

    task.enqueue(job.pk)
    return job


def _stored_name(original: str) -> str:
    """The uploaded file's name on disk: the animator's, made safe (it names the file in the
    import's report)."""
    try:
        name = get_valid_filename(Path(original.replace("\\", "/")).name)[:100]
    except SuspiciousFileOperation:  # "", "." or ".."
        name = ""
    return name if name and not name.startswith(".") else "upload"


def _store(upload: UploadedFile, target: Path) -> None:
    temporary = getattr(upload, "temporary_file_path", None)
    if temporary is not None:
        try:
            os.replace(temporary(), target)
            return
        except OSError:  # another file system: copied below
            pass
    upload.seek(0)
    with target.open("xb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


# Running ------------------------------------------------------------------------------------


def run_import_job(job: ImportJob) -> ImportJob:
    """Import the job's upload (in the background worker), then delete it.

    Not to be called inside a transaction: the job's state is committed before the import
    starts, so that its page shows it running, and the import's transaction is its own."""
    claimed = ImportJob.objects.filter(pk=job.pk, state=ImportJobState.QUEUED).update(
        state=ImportJobState.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # run already (a task enqueued twice), or its community is gone
        return job
    job.refresh_from_db()
    folder = job_folder(job)
    try:
        if folder is None:
            raise ArchiveError(_("The uploaded file is gone."))
        progress = ProgressFile(folder)
        with progress.heartbeat():
            sources = _sources(job, folder, progress)
            progress.phase("importing")
            summary = run_import(
                job.kind,
                sources,
                community=job.community,
                archive=job.archive,
                started_by=job.started_by,
                progress=progress.posts,
            )
    except ArchiveError as error:
        _finish(job, ImportJobState.FAILED, error=_relative(str(error), folder))
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        _finish(
            job,
            ImportJobState.FAILED,
            error=_("The import stopped on an unexpected error. Nothing was imported."),
        )
        raise
    else:
        data = summary.as_dict(skipped=200)
        for item in data["skipped"]:
            item["file"] = _relative(item["file"], folder)
        run = ImportRun.objects.filter(
            community=job.community, paths=[str(p) for p in sources]
        ).first()
        _finish(job, ImportJobState.DONE, summary=data, run=run)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return job


def _sources(job: ImportJob, folder: Path, progress: ProgressFile) -> list[Path]:
    """The files and folders to hand to run_import: the upload, or what it unpacks to."""
    upload = Path(settings.MEDIA_ROOT) / job.upload_path
    with upload.open("rb") as file:
        checked = check_upload(file, job.kind)
    if checked.is_container:
        progress.phase("unpacking")
        files = folder / "files"
        unpack(upload, checked, files, progress=progress.unpacked)
        if job.kind == "stackexchange":
            return [stackexchange_folder(files)]
        return [files]
    if job.kind == "stackexchange":  # Posts.xml alone
        dump = folder / "files"
        dump.mkdir()
        os.replace(upload, dump / "Posts.xml")
        return [dump]
    return [upload]


def _relative(text: str, folder: Path | None) -> str:
    """File names as the animator knows them, not as they lie on the server."""
    if folder is None:
        return text
    for prefix in (folder / "files", folder / "upload", folder):
        text = text.replace(f"{prefix}{os.sep}", "").replace(str(prefix), "")
    return text


def _finish(job: ImportJob, state: str, **fields: Any) -> None:
    job.state = state
    job.finished_at = timezone.now()
    job.upload_path = ""
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(
        update_fields=[
            "state",
            "finished_at",
            "upload_path",
            *fields,
        ]
    )


# Progress -----------------------------------------------------------------------------------


class ProgressFile:
    """progress.json in the job's folder: {"phase", "done", "total", "at"}, replaced whole."""

    def __init__(self, folder: Path, *, interval: float = PROGRESS_INTERVAL) -> None:
        self.folder = folder
        self.interval = interval
        self.current = "queued"
        self.written_at = 0.0

    def phase(self, phase: str) -> None:
        self.current = phase
        self.write(0, None, force=True)

    def unpacked(self, written: int) -> None:
        self.write(written, None)

    def posts(self, done: int, total: int | None) -> None:
        self.write(done, total, force=total is not None and done >= total)

    def write(self, done: int, total: int | None, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.written_at < self.interval:
            return
        self.written_at = now
        _write_progress(self.folder, {"phase": self.current, "done": done, "total": total})

    @contextmanager
    def heartbeat(self) -> Iterator[None]:
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(HEARTBEAT):
                with contextlib.suppress(OSError):
                    os.utime(self.folder / PROGRESS_FILE)

        thread = threading.Thread(target=beat, name="import-heartbeat", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()


def _write_progress(folder: Path, data: dict[str, Any]) -> None:
    data = {**data, "at": timezone.now().isoformat()}
    temporary = folder / f".{PROGRESS_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, folder / PROGRESS_FILE)


def is_stale(job: ImportJob) -> bool:
    """A running job that has given no sign of life for STALE_AFTER (its worker was stopped)."""
    if job.state != ImportJobState.RUNNING:
        return False
    folder = job_folder(job)
    try:
        last = (folder / PROGRESS_FILE).stat().st_mtime if folder else 0.0
    except OSError:
        last = 0.0
    return time.time() - last > STALE_AFTER


def fail_stale_job(job: ImportJob) -> None:
    folder = job_folder(job)
    # The worker's import died with it: its transaction was rolled back.
    _finish(
        job,
        ImportJobState.FAILED,
        error=_(
            "The import stopped: the background worker was stopped while it ran. "
            "Nothing was imported; start it again."
        ),
    )
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def read_progress(job: ImportJob) -> dict[str, Any] | None:
    """What the job last said of its progress: phase ("queued", "unpacking", "importing"),
    done, total (None when unknown), percent, and `stale` for a running job that stopped
    giving signs of life; None once it has ended, or if it said nothing."""
    folder = job_folder(job)
    if folder is None or not job.is_active:
        return None
    path = folder / PROGRESS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        at = path.stat().st_mtime
        done = max(int(data.get("done") or 0), 0)
        total = int(data["total"]) if data.get("total") else None
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return None
    return {
        "phase": str(data.get("phase", "")),
        "done": done,
        "total": total,
        "percent": min(100, done * 100 // total) if total else None,
        "stale": job.state == ImportJobState.RUNNING and time.time() - at > STALE_AFTER,
    }
