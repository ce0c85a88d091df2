"""A GIN index on the search index's title and body together, on PostgreSQL.

Wagtail's search backend finds the entries that match with ``(title || body) @@ query`` and
has GIN indexes on ``title`` and on ``body`` alone, which that condition cannot use: every
search read every entry of its kind and joined its two vectors, on the large site 20,000
agreements for a word that three of them contain (docs/performance.md). With an index on
the same expression PostgreSQL finds a rare word's entries in the index; a word most
entries contain is still read from the table, as before. No pending list, as
``0002_index_without_pending_list`` explains.
"""

from django.db import migrations

NAME = "search_entry_title_body_gin"

CREATE = (
    f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailsearch_indexentry "
    "USING gin ((title || body)) WITH (fastupdate = off)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_document_text_could_not_be_read"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunSQL(CREATE, f"DROP INDEX IF EXISTS {NAME}")]
