"""What the reply composer and the new-topic form share: the member's draft, kept whatever
happens to the post (published, refused, a file refused), and the files waiting in it."""

from django.contrib import messages
from django.utils.translation import gettext as _

from cercle.discussions import actions
from cercle.discussions.forms import ComposerForm, draft_data
from cercle.discussions.models import Draft, Topic
from cercle.lib.errors import Refused


def keep_draft(request, form: ComposerForm, *, community, topic: Topic | None = None):
    """Save what the composer holds as the member's draft, with the files chosen (each one
    refused goes among the form's errors, the others wait in the draft). Returns the draft,
    or None when nothing is left in it or it could not be kept (the form then says why)."""
    try:
        saved = actions.save_draft(
            user=request.user,
            community=community,
            topic=topic,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            data=draft_data(request.POST, form.DRAFT_FIELDS),
            uploads=request.FILES.getlist("attachments"),
            remove_attachments=form.removed_attachments(),
        )
    except Refused as refusal:
        form.add_error(None, refusal.message)
        return None
    for message in saved.refused:
        form.add_error("attachments", message)
    return saved.draft


def draft_kept_message(request, form: ComposerForm) -> None:
    """After "Keep as a draft": say so, and which files were refused."""
    messages.success(request, _("Your draft is kept. Find it again here or in “My drafts”."))
    for message in form.errors.get("attachments", []):
        messages.error(request, message)


def waiting_files(draft: Draft | None) -> list:
    return list(draft.attachments.all()) if draft is not None else []
