"""Search documents, and each database's full-text index over their `stems` column.

PostgreSQL: a stored tsvector column generated from `stems` with the 'simple' configuration
(lower-casing only: the stemming is done in Python, see cercle.discussions.search) and a GIN
index on it. SQLite: an FTS5 table over `stems` (external content: the text is stored once, in
the documents table) and the triggers that keep it in step with the documents table.

Django does not know about the tsvector column nor the FTS5 table: the model's fields are the
same on both databases, so `makemigrations` stays quiet. Caution: on SQLite, Django alters a
table by rebuilding it, which drops its triggers: a later migration that alters
discussions_searchdocument must create the three triggers again (copy SQLITE_TRIGGERS), then
run `cercle reindex_search`.
"""

import django.db.models.deletion
from django.db import migrations, models


class RunSQLOn(migrations.RunSQL):
    """RunSQL, run only on one database vendor ('postgresql', 'sqlite')."""

    def __init__(self, vendor, sql, reverse_sql):
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, args, {"vendor": self.vendor, **kwargs}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


POSTGRESQL = [
    "ALTER TABLE discussions_searchdocument ADD COLUMN stems_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, stems)) STORED",
    "CREATE INDEX discussions_searchdocument_stems_vector"
    " ON discussions_searchdocument USING gin (stems_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX discussions_searchdocument_stems_vector",
    "ALTER TABLE discussions_searchdocument DROP COLUMN stems_vector",
]

SQLITE_TRIGGERS = [
    """CREATE TRIGGER discussions_searchdocument_fts_insert
    AFTER INSERT ON discussions_searchdocument BEGIN
        INSERT INTO discussions_searchdocument_fts (rowid, stems) VALUES (new.id, new.stems);
    END""",
    """CREATE TRIGGER discussions_searchdocument_fts_delete
    AFTER DELETE ON discussions_searchdocument BEGIN
        INSERT INTO discussions_searchdocument_fts (discussions_searchdocument_fts, rowid, stems)
        VALUES ('delete', old.id, old.stems);
    END""",
    """CREATE TRIGGER discussions_searchdocument_fts_update
    AFTER UPDATE OF stems ON discussions_searchdocument BEGIN
        INSERT INTO discussions_searchdocument_fts (discussions_searchdocument_fts, rowid, stems)
        VALUES ('delete', old.id, old.stems);
        INSERT INTO discussions_searchdocument_fts (rowid, stems) VALUES (new.id, new.stems);
    END""",
]
SQLITE = [
    # The stems are already folded; unicode61 with remove_diacritics 2 folds again what
    # might slip through, and splits on the spaces between them.
    "CREATE VIRTUAL TABLE discussions_searchdocument_fts USING fts5("
    " stems, content='discussions_searchdocument', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
    *SQLITE_TRIGGERS,
]
SQLITE_REVERSE = [
    "DROP TRIGGER discussions_searchdocument_fts_update",
    "DROP TRIGGER discussions_searchdocument_fts_delete",
    "DROP TRIGGER discussions_searchdocument_fts_insert",
    "DROP TABLE discussions_searchdocument_fts",
]


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0001_initial'),
        ('discussions', '0001_topics_posts_reactions_polls'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('deleted', models.BooleanField(default=False)),
                ('text', models.TextField(blank=True)),
                ('stems', models.TextField(blank=True)),
                ('community', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='communities.community')),
                ('post', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='discussions.post')),
                ('topic', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='discussions.topic')),
            ],
        ),
        RunSQLOn("postgresql", POSTGRESQL, POSTGRESQL_REVERSE),
        RunSQLOn("sqlite", SQLITE, SQLITE_REVERSE),
    ]
