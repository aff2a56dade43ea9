from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from cercle.communities.decorators import community_view
from cercle.communities.models import Role
from cercle.privacy import actions
from cercle.privacy.fields import ALWAYS_EXPORTED, field_labels
from cercle.privacy.forms import DeleteAccountForm
from cercle.privacy.models import DataExport, ExportStatus

# One archive at a time, and not more often than this: building one reads every file.
EXPORT_INTERVAL = timedelta(minutes=10)


@login_required
def export(request):
    exports = DataExport.objects.filter(user=request.user)
    if request.method == "POST":
        recent = exports.filter(requested_at__gte=timezone.now() - EXPORT_INTERVAL).exists()
        if recent or exports.filter(status=ExportStatus.PENDING).exists():
            messages.info(request, _("Your archive was asked for a moment ago: it is below."))
        else:
            actions.request_export(user=request.user)
            messages.success(
                request,
                _("Your archive is being prepared. Come back to this page to download it."),
            )
        return redirect("privacy:export")
    return render(request, "privacy/export.html", {"exports": exports})


@login_required
def export_download(request, export_id: int):
    # Another person's archive is not found, whatever its number.
    item = get_object_or_404(DataExport, pk=export_id, user=request.user)
    if not item.is_available:
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=f"cercle-{timezone.localdate():%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@sensitive_post_parameters("password")
@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        actions.delete_account(user=user, erase_posts=form.cleaned_data["erase_posts"])
        messages.success(request, _("Your account is deleted. Goodbye, and thank you."))
        return redirect("home")
    return render(request, "privacy/delete_account.html", {"form": form})


@community_view(min_role=Role.CO_ANIMATOR)
def community_export(request, access):
    community = access.community
    fmt = request.GET.get("format")
    if fmt in {"csv", "json"}:
        stamp = f"{community.slug}-members-{timezone.localdate():%Y-%m-%d}"
        if fmt == "csv":
            body, content_type = actions.community_members_csv(community), "text/csv"
        else:
            body, content_type = actions.community_members_json(community), "application/json"
        response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stamp}.{fmt}"'
        response["Cache-Control"] = "private, no-store"
        return response
    allowed, _by_version = actions.charter_fields(community)
    return render(
        request,
        "privacy/community_export.html",
        {
            "access": access,
            "community": community,
            "always": [str(label) for label in ALWAYS_EXPORTED.values()],
            "allowed": field_labels(allowed),
        },
    )
