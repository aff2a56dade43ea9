"""`cercle reindex_search`: build the search index again from every post.

The actions keep the index up to date; this is for posts written another way (an import, a
restored backup, a database from before search existed) or after changing how text is stemmed.
"""

from django.core.management.base import BaseCommand

from cercle.discussions import search


class Command(BaseCommand):
    help = "Index every post again for full-text search."

    def handle(self, *args, **options) -> None:
        count = search.reindex_all()
        self.stdout.write(f"indexed {count} posts")
