"""Manage > Import an archive: the animator uploads an archive, follows its import, and finds
the past imports of the community (cercle.connectors.jobs does the work)."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_safe

from cercle.communities.decorators import community_view
from cercle.communities.models import Role
from cercle.lib.errors import Refused
from cercle.lib.markdown import render_markdown

from . import selectors
from .forms import IMPORT_KINDS, ImportUploadForm
from .jobs import read_progress, start_import_job
from .models import ImportJob
from .uploads import ImportUploadHandler

# An import may turn the community into a read-only archive and adds hundreds of members: the
# animator's decision, not a co-animator's.
IMPORTERS = Role.ANIMATOR
CSV_FORMAT_DOC = settings.REPO_DIR / "docs" / "import-csv.md"
KIND_LABELS = {kind.value: kind.label for kind in IMPORT_KINDS}


def _receives_archives(view):
    """Archives far larger than the site's other uploads go to disk in the imports' private
    folder, up to IMPORT_MAX_BYTES (cercle.connectors.uploads.ImportUploadHandler).

    Upload handlers can only be changed before the request's body is read, and the CSRF
    middleware reads it: the check is made by `csrf_protect` inside, once they are set."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.upload_handlers = [
            MemoryFileUploadHandler(request),
            ImportUploadHandler(request),
        ]
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


@_receives_archives
@csrf_protect
@community_view(min_role=IMPORTERS)
def import_archive(request, access):
    community = access.community
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
    else:
        form = ImportUploadForm()
    if form.is_bound and form.is_valid():
        try:
            job = start_import_job(
                community=community,
                started_by=request.user,
                kind=form.cleaned_data["kind"],
                archive=form.cleaned_data["archive"],
                upload=form.cleaned_data["file"],
                checked=form.checked,
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The archive is received: its import has started."))
            return redirect("connectors:manage_import_job", community.slug, job.pk)
    page = Paginator(selectors.import_jobs_of(community), 20).get_page(request.GET.get("page"))
    for job in page:
        job.kind_label = KIND_LABELS.get(job.kind, job.kind)
    return render(
        request,
        "connectors/manage_import.html",
        {
            "access": access,
            "community": community,
            "form": form,
            "kinds": form.kinds,
            "chosen_kind": form["kind"].value(),
            "page": page,
            "max_size": filesizeformat(settings.IMPORT_MAX_BYTES),
        },
    )


@require_safe
@community_view(min_role=IMPORTERS)
def import_job(request, access, job_id: int):
    """The job's state and progress; htmx polls its status part while it runs."""
    community = access.community
    job = get_object_or_404(
        ImportJob.objects.select_related("started_by"), pk=job_id, community=community
    )
    context = {
        "access": access,
        "community": community,
        "job": job,
        "kind_label": KIND_LABELS.get(job.kind, job.kind),
        "progress": read_progress(job),
    }
    template = (
        "connectors/_import_job_status.html"
        if request.htmx
        else "connectors/manage_import_job.html"
    )
    response = render(request, template, context)
    # The part and the page share their address: a browser's cache must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@community_view(min_role=IMPORTERS)
def csv_format(request, access):
    """docs/import-csv.md, the CSV format's documentation, for animators preparing a file."""
    try:
        text = CSV_FORMAT_DOC.read_text(encoding="utf-8")
    except OSError:
        raise Http404(_("The CSV format's documentation is not installed on this site.")) from None
    return render(
        request,
        "connectors/manage_import_csv.html",
        {"access": access, "community": access.community, "doc": render_markdown(text)},
    )
