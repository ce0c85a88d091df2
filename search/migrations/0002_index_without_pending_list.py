"""The search index's GIN indexes without a pending list (``fastupdate = off``), on PostgreSQL.

By default a GIN index collects new entries in an unsorted *pending list* that every search
reads in full, until a vacuum or 4 MB of them merges the list into the index. Indexing a
page or an agreement adds a few hundred lexemes, and a site that publishes a few times a day
rarely gives autovacuum a reason to run: after rebuilding the index of the benchmark's
2,000 agreements the list held 7,102 entries and PostgreSQL stopped using the GIN indexes
altogether (docs/performance.md). Without the list, each index update is written into the
index at once, which costs the background task a little and makes every search as fast as
the first one after a vacuum. Entries already waiting are merged now.

The indexes are Wagtail's (``wagtail.search`` migration 0006); only their storage option
changes, so Wagtail's own migrations still apply.
"""

from django.db import migrations

INDEXES = (
    "wagtailsear_title_9caae0_gin",
    "wagtailsear_body_90c85d_gin",
    "wagtailsear_autocom_476c89_gin",
)


def without_pending_list(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
        schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])


def with_pending_list(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
