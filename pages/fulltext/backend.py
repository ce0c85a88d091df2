"""The site's search backend: Wagtail's database backend, taught two things.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "pages.fulltext.backend"`` picks the right
class for the database in use, exactly as ``wagtail.search.backends.database`` does:

* PostgreSQL: Wagtail's backend with ``SEARCH_CONFIG = "swedish"`` (Swedish stemming and stop
  words) that also understands ``Prefix``: ``to_tsquery('swedish', 'läkemedel:*')`` finds
  "läkemedelsgenomgång". Prefix lexemes use the same GIN index as whole words.
* SQLite with FTS5 (the local demo): Wagtail's backend, with ``Prefix`` as an FTS5 prefix
  query (``"läkemedel"*``) and one bm25 score per match, titles weighted higher (upstream
  multiplies bm25 scores for AND queries, which gives nonsense because bm25 is negative;
  see ``higher_is_better``).
* Anything else: Wagtail's plain fallback backend, unchanged.

Only the query compilers are subclassed; indexing, the index table and its migrations are
Wagtail's own.
"""

from functools import cache

from django.db import connection
from modelsearch.backends.database import SearchBackend as vendor_backend

from .query import Prefix

TITLE_WEIGHT = 4.0


@cache
def _postgres_backend_class():
    from django.contrib.postgres.search import SearchQuery
    from modelsearch.backends.database.postgres.postgres import (
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from modelsearch.backends.database.postgres.query import Lexeme

    class SwedishPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
        def build_tsquery_content(self, query, config=None, invert=False):
            if isinstance(query, Prefix):
                lexeme = Lexeme(query.query_string, invert=invert, prefix=True)
                return SearchQuery(lexeme, search_type="raw", config=config)
            return super().build_tsquery_content(query, config=config, invert=invert)

    class SwedishPostgresSearchBackend(PostgresSearchBackend):
        query_compiler_class = SwedishPostgresSearchQueryCompiler
        higher_is_better = True
        supports_fuzzy = True

    return SwedishPostgresSearchBackend


@cache
def _sqlite_backend_class():
    from modelsearch.backends.database.sqlite.query import (
        BM25,
        Lexeme,
        SearchQueryExpression,
        SQLiteFTSIndexEntry,
    )
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class TitleWeightedBM25(BM25):
        """bm25() with a match in the title worth more than one in the body, as the
        PostgreSQL backend weighs them. Columns: autocomplete, body, title."""

        def as_sql(self, compiler, connection, function=None, template=None):
            return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, 1.0, 1.0, {TITLE_WEIGHT})", []

    class PrefixSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, Prefix):
                return SearchQueryExpression(Lexeme(query.query_string, prefix=True), config=config)
            return super().build_search_query_content(query, config=config)

        def build_tsrank(self, vector, query, config=None, boost=1.0):
            # bm25() already scores the whole MATCH expression.
            return TitleWeightedBM25()

    class PrefixSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = PrefixSQLiteSearchQueryCompiler
        # bm25() is negative: the best match has the lowest score.
        higher_is_better = False
        supports_fuzzy = False

    return PrefixSQLiteSearchBackend


def SearchBackend(params):  # noqa: N802 (the name Wagtail's backend loader looks for)
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    backend = vendor_backend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            return _sqlite_backend_class()(params)
    return backend
