"""The site's search backend: Wagtail's PostgreSQL database backend, plus compounds.

``WAGTAILSEARCH_BACKENDS["default"]`` names this module with ``SEARCH_CONFIG = "swedish"``
(Swedish stemming and stop words). The one addition is the ``Prefix`` query
(``core.fulltext.query``): Swedish joins words into compounds, so a word also matches the
longer words that begin with it, ``to_tsquery('swedish', 'läkemedel:*')`` finding
"läkemedelsgenomgång". Prefix lexemes use the same GIN indexes as whole words. Indexing,
ranking and the index table are Wagtail's own.
"""

from django.contrib.postgres.search import SearchQuery
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.query import Lexeme

from .query import Prefix


class SwedishSearchQueryCompiler(PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, Prefix):
            lexeme = Lexeme(query.query_string, invert=invert, prefix=True)
            return SearchQuery(lexeme, search_type="raw", config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)


class SearchBackend(PostgresSearchBackend):
    query_compiler_class = SwedishSearchQueryCompiler
