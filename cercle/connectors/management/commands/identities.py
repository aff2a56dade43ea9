"""`cercle identities list|merge|undo --community SLUG`: the imported people of a community.

The site operator's side of the animators' page (Manage > Imported people): list the imported
identities, merge one into another identity or a member (their posts follow), undo a merge.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cercle.communities.models import Community
from cercle.connectors import selectors
from cercle.connectors.identities import find_person, merge_identities, undo_merge
from cercle.connectors.models import IdentityMerge
from cercle.lib.errors import Refused


class Command(BaseCommand):
    help = "List, merge and unmerge the imported identities of a community."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="The imported identities and the merges.")
        listing.add_argument("--community", required=True, metavar="SLUG")
        listing.add_argument("--search", default="", help="Only names or addresses with these.")
        merge = sub.add_parser(
            "merge", help="PERSON is the same person as INTO: PERSON's posts go to INTO."
        )
        merge.add_argument("--community", required=True, metavar="SLUG")
        merge.add_argument("person", help="An imported identity: its address or id (se:123).")
        merge.add_argument("into", help="Another imported identity, or a member's address.")
        undo = sub.add_parser("undo", help="Undo a merge (its number, from `list`).")
        undo.add_argument("--community", required=True, metavar="SLUG")
        undo.add_argument("merge", type=int)

    def handle(self, *args, **options) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(
                _("There is no community %(slug)r.") % {"slug": options["community"]}
            )
        try:
            getattr(self, f"_{options['action']}")(community, options)
        except Refused as refusal:
            raise CommandError(refusal.message) from refusal

    def _list(self, community: Community, options) -> None:
        for identity in selectors.identities_of(community, q=options["search"]):
            state = (
                _("merged into %(name)s") % {"name": identity.user.name}
                if identity.user_id != identity.original_user_id
                else _("not claimed")
                if identity.user.is_unclaimed
                else _("claimed")
            )
            self.stdout.write(
                f"{identity.key}\t{identity.name}\t{identity.post_count}\t{identity.source}\t{state}"
            )
        for merge in selectors.merges_of(community):
            state = _("claim") if merge.is_claim else _("undone") if merge.is_undone else ""
            self.stdout.write(
                _("merge %(pk)d: %(a)s into %(b)s %(state)s")
                % {
                    "pk": merge.pk,
                    "a": merge.from_user.name,
                    "b": merge.into_user.name,
                    "state": state,
                }
            )

    def _merge(self, community: Community, options) -> None:
        person = find_person(community, options["person"])
        into = find_person(community, options["into"])
        for ref, found in ((options["person"], person), (options["into"], into)):
            if found is None:
                raise CommandError(
                    _("Nobody in this community is known as %(ref)s.") % {"ref": ref}
                )
        merge = merge_identities(community=community, person=person, into=into, by=None)
        posts = len(merge.moved["posts"])
        self.stdout.write(
            ngettext(
                "Merge %(pk)d: %(a)s's %(n)d post now appears as %(b)s's.",
                "Merge %(pk)d: %(a)s's %(n)d posts now appear as %(b)s's.",
                posts,
            )
            % {"pk": merge.pk, "a": person.name, "n": posts, "b": into.name}
        )

    def _undo(self, community: Community, options) -> None:
        merge = IdentityMerge.objects.filter(community=community, pk=options["merge"]).first()
        if merge is None:
            raise CommandError(_("There is no merge %(pk)d here.") % {"pk": options["merge"]})
        undo_merge(merge=merge, by=None)
        self.stdout.write(_("Merge %(pk)d undone.") % {"pk": merge.pk})
