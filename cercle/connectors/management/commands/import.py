"""`cercle import KIND SOURCE... --community SLUG [--create] [--archive]`.

Django finds a command by its module's name, so this module is named `import`; Python code
never imports it by name (it could not: `import` is a keyword), Django loads it by path.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cercle.accounts.models import User
from cercle.communities.models import Community
from cercle.connectors.importing import ImportSummary, run_import
from cercle.connectors.progress import ProgressBar
from cercle.connectors.readers import ArchiveError
from cercle.connectors.registry import READERS

SHOWN_SKIPS = 20


class Command(BaseCommand):
    help = (
        "Import a community's archive (a mailing list, a Stack Exchange dump...) with its "
        "threads, authors and reactions. All or nothing; running it again adds only what is new."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=sorted(READERS), help="What kind of archive.")
        parser.add_argument(
            "sources",
            nargs="+",
            metavar="SOURCE",
            help="Files and folders of the archive (a Stack Exchange dump: its folder).",
        )
        parser.add_argument("--community", required=True, metavar="SLUG")
        parser.add_argument(
            "--create", action="store_true", help="Create the community if it does not exist."
        )
        parser.add_argument(
            "--archive",
            action="store_true",
            help="Make the community a read-only archive: read, searched, measured; no posting.",
        )
        parser.add_argument(
            "--animator",
            metavar="EMAIL",
            help="With --create: the account that animates the new community "
            "(default: the oldest superuser).",
        )
        parser.add_argument("--name", default="", help="With --create: the community's name.")
        parser.add_argument(
            "--source",
            default="",
            help="A label for this archive's ids (default: the kind). Needed only to import "
            "two archives of one kind whose ids overlap (two Stack Exchange sites) into one "
            "community.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options) -> None:
        slug = options["community"]
        animator = None
        if options["create"] and not Community.objects.filter(slug=slug).exists():
            animator = self._animator(options["animator"])
        bar = None if options["no_progress"] else ProgressBar(self.stderr._out)
        if bar is not None:
            bar.start(_("Reading %(sources)s…") % {"sources": ", ".join(options["sources"])})
        try:
            summary = run_import(
                options["kind"],
                options["sources"],
                community=slug,
                create=options["create"],
                archive=options["archive"],
                animator=animator,
                name=options["name"],
                source=options["source"],
                progress=bar,
            )
        except ArchiveError as error:
            raise CommandError(
                _("%(error)s\nNothing was imported: the database is as it was.") % {"error": error}
            ) from error
        finally:
            if bar is not None:
                bar.close()
        if animator is not None:
            self.stdout.write(
                _("Community %(slug)s created, animated by %(email)s.")
                % {"slug": slug, "email": animator.email}
            )
        self.stdout.write(format_summary(summary))

    @staticmethod
    def _animator(email: str | None) -> User:
        if email:
            user = User.objects.filter(email=email.lower()).first()
            if user is None:
                raise CommandError(_("There is no account %(email)s.") % {"email": email})
            return user
        user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError(
                _(
                    "A new community needs an animator: give --animator EMAIL (an existing "
                    "account), or create a superuser first (cercle createsuperuser)."
                )
            )
        return user


def _n(singular: str, plural: str, count: int, **values) -> str:
    return ngettext(singular, plural, count) % {"n": f"{count:,}", **values}


def format_summary(summary: ImportSummary) -> str:
    head = (
        _("Imported into %(slug)s, a read-only archive:")
        if summary.archive
        else _("Imported into %(slug)s:")
    )
    lines = [
        head % {"slug": summary.community},
        "  "
        + _n("%(n)s new post", "%(n)s new posts", summary.posts)
        + _n(" in %(n)s new thread", " in %(n)s new threads", summary.threads)
        + _n(
            ", %(n)s reply to earlier threads",
            ", %(n)s replies to earlier threads",
            summary.replies_to_earlier_threads,
        ),
        "  "
        + _n("%(n)s new member", "%(n)s new members", summary.members)
        + _n(
            ", %(n)s new person of the archive",
            ", %(n)s new people of the archive",
            summary.identities,
        ),
        "  " + _n('%(n)s new "useful" reaction', '%(n)s new "useful" reactions', summary.reactions),
        "  "
        + _n(
            "%(n)s post already imported, left as it was",
            "%(n)s posts already imported, left as they were",
            summary.unchanged,
        ),
    ]
    if summary.votes_without_post:
        lines.append(
            "  "
            + _n(
                "%(n)s up-vote on a post that is not in the archive, left out",
                "%(n)s up-votes on posts that are not in the archive, left out",
                summary.votes_without_post,
            )
        )
    if summary.skipped:
        by_code: dict[str, int] = {}
        for item in summary.skipped:
            by_code[item.code] = by_code.get(item.code, 0) + 1
        codes = ", ".join(f"{code} {n:,}" for code, n in sorted(by_code.items()))
        lines.append(
            _n(
                "Skipped %(n)s item of the archive (%(codes)s):",
                "Skipped %(n)s items of the archive (%(codes)s):",
                len(summary.skipped),
                codes=codes,
            )
        )
        for item in summary.skipped[:SHOWN_SKIPS]:
            where = f"{item.file} {item.position}".strip()
            lines.append(f"  {item.code}: {where}: {item.reason}")
        if len(summary.skipped) > SHOWN_SKIPS:
            lines.append(_("  … and %(n)s more") % {"n": len(summary.skipped) - SHOWN_SKIPS})
    rate = summary.posts / summary.seconds if summary.seconds else 0
    lines.append(
        _("Done in %(seconds).1f s (%(rate)s new posts/s).")
        % {"seconds": summary.seconds, "rate": f"{rate:,.0f}"}
    )
    lines.append(
        _("The people of the archive claim their account at %(url)s")
        % {"url": settings.SITE_URL + reverse("connectors:claim")}
    )
    return "\n".join(lines)
