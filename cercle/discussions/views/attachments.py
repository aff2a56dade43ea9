"""Files attached to posts, served only to those who may read the post."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cercle.communities.permissions import get_community_access
from cercle.discussions import permissions as perms
from cercle.discussions import selectors
from cercle.lib.media import inert_file_response


@require_safe
def attachment(request, slug: str, attachment_id: int):
    """The file, if the reader may see the post it is attached to (or the draft it waits
    in is theirs); else 404, as if it did not exist. Served with the kind found in its content
    when it was uploaded: pictures inline, everything else as a download, never sniffed, and
    sandboxed if opened anyway (cercle.lib.media.inert_file_response)."""
    access = get_community_access(request.user, slug)
    found = selectors.attachment_to_serve(attachment_id)
    if found is None:
        raise Http404(_("There is no such file."))
    perms.check_can_see_attachment(access, found)
    try:
        file = found.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("There is no such file.")) from missing
    # An hour in the reader's own browser only: a post deleted, or a member who left, stops
    # being served at once, and at worst their browser keeps its copy for the hour.
    return inert_file_response(
        file,
        content_type=found.content_type,
        filename=found.name,
        max_age=3600,
        same_origin_only=True,
    )
