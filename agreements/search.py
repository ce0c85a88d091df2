"""Free-text search over published agreements for the register's ``q`` parameter.

The register searches with the site's one search core (``core.fulltext``), the same as
the site search at /sok/: Swedish stemming, prefix matching for compounds, the editors'
abbreviations and synonyms, and agreements found through the text of their attachments.
The last two come from other apps through Wagtail hooks, so this app imports none of them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from modelsearch.utils import get_descendants_content_types_pks
from wagtail import hooks

from core import fulltext
from core.caching import cached
from core.fulltext.backend import INDEX_TABLE

from .models import Agreement

MAX_HITS = 500


def normalise_query(query):
    """Plain words only: punctuation, quotes and operators (SQL, FTS or otherwise) are
    dropped, and words are lower-cased so that AND/OR/NOT are never read as operators."""
    return " ".join(fulltext.words(query))


def search_agreement_ids(query):
    """Ids of published agreements matching ``query``, best match first.

    Returns ids rather than a queryset so the caller can combine the hits with any filter
    (the search backend only filters on indexed FilterFields). Kept for a few minutes and
    never past a change of content (what matches depends only on published content,
    synonyms and extracted document text, all of which move the content version on): a
    visitor who pages, sorts or narrows a search asks for the same words again.
    """
    # Visitors type endless variations: each is kept briefly and only in the shared cache.
    return cached(
        "register-search",
        lambda: _search(query),
        query,
        local=False,
        timeout=settings.SEARCH_RESULTS_CACHE_SECONDS,
    )


def _search(query):
    parsed = fulltext.parse(query)
    if not parsed:
        return []
    queryset = Agreement.objects.filter(live=True).only("pk")
    ranked = _ranked(parsed)
    if ranked is None:  # no ranking in SQL on this database (SQLite)
        hits = fulltext.search(queryset, parsed, MAX_HITS)
    else:
        query = parsed.query()
        related = [
            related_hit
            for hook in hooks.get_hooks(fulltext.RELATED_HITS_HOOK)
            for related_hit in hook(queryset, query, MAX_HITS) or ()
        ]
        hits = fulltext.merge(ranked, related, MAX_HITS)
    return [hit.pk for hit in hits]


@dataclass(frozen=True)
class _Found:
    pk: int


def _ranked(parsed):
    """``[(hit, score)]`` for published agreements, best first, as ``fulltext.search``
    finds them (same matching, score and order: score, then id descending), or None where
    the backend cannot hand out its SQL.

    Ranked on the search index table directly (``fulltext.index_sql``): Wagtail's search
    joins every matching agreement to the index and loads it as a model instance, which for
    an everyday word means hundreds of instances and most of a search's time.
    """
    sql = fulltext.index_sql(Agreement, parsed.query())
    if sql is None:
        return None
    table, agreements = INDEX_TABLE, connection.ops.quote_name(Agreement._meta.db_table)
    # Only table names and SQL compiled by Django are interpolated; the words travel as
    # parameters.
    # Published agreements only: looked up by primary key for each matching index row, a
    # plan that stays cheap whatever the planner believes about the tables.
    statement = (
        f"SELECT {table}.object_id, {sql.score} AS score FROM {table} "  # noqa: S608
        f"WHERE {table}.content_type_id = ANY(%s) AND EXISTS (SELECT 1 FROM {agreements} "
        f"WHERE {agreements}.id = {table}.object_id::integer AND {agreements}.live) "
        f"AND {sql.where} ORDER BY score DESC, {table}.object_id::integer DESC LIMIT %s"
    )
    params = [
        *sql.score_params,
        get_descendants_content_types_pks(Agreement),
        *sql.where_params,
        MAX_HITS,
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return [(_Found(int(pk)), float(score or 0)) for pk, score in cursor.fetchall()]
