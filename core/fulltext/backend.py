"""Wagtail's PostgreSQL search backend (``SEARCH_CONFIG = "swedish"``) plus one query for
Swedish compounds: ``Prefix("läkemedel")`` compiles to ``to_tsquery('swedish',
'läkemedel:*')`` and finds "läkemedelsgenomgång", on the same GIN index as whole words."""

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
