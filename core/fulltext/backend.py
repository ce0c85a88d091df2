"""The site's search backend: Wagtail's database backend, taught two things.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "core.fulltext.backend"`` picks the right
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

The PostgreSQL backend can also hand out its matching and scoring as SQL over the index
table itself (``index_sql``, ``fuzzy_index_sql``), for callers that rank many kinds of
content in one statement and only want ``(object id, score)`` back: Wagtail's own search
joins every candidate row of the content table to the index and loads whole objects, which
costs most of a search's time when nearly everything matches. The expressions are built by
the same query compiler as Wagtail's search, so a hit and its score are the same either way
(``tests/test_search.py`` compares the two).
"""

import re
from dataclasses import dataclass
from functools import cache

from django.db import connection
from modelsearch.backends.database import SearchBackend as vendor_backend

from .query import STOP_WORDS, Prefix

TITLE_WEIGHT = 4.0
# The index table as the SQL from ``index_sql`` names it (Django's alias for the base table).
INDEX_TABLE = "wagtailsearch_indexentry"


@dataclass(frozen=True)
class IndexSQL:
    """SQL over the index table (``INDEX_TABLE``): ``where`` selects the rows that match,
    ``score`` scores them (higher is better). Each comes with its parameters."""

    where: str
    where_params: tuple
    score: str
    score_params: tuple


def _compile(expression):
    """SQL and parameters of an expression over the index table."""
    from django.db.models.sql import Query
    from wagtail.search.models import IndexEntry

    query = Query(IndexEntry)
    resolved = expression.resolve_expression(query, allow_joins=False)
    sql, params = query.get_compiler(connection=connection).compile(resolved)
    return sql, tuple(params)


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

        def index_sql(self, model, query):
            """``IndexSQL`` for ``query`` (a modelsearch query) on ``model``'s index rows.

            Mirrors ``PostgresSearchQueryCompiler.search`` for a search without ``fields``:
            the rows whose ``title || body`` match the tsquery (see ``_match``), scored by
            the same rank expression over ``title`` (times ``title_norm``) and ``body``.
            Order hits by score, then by object id descending, as Wagtail does.

            Compiling the expressions costs 2–4 ms, more than running them on a small
            index, and the SQL only depends on the query's shape: queries of the same shape
            ("one word", "a synonym and a word" …) share one compiled template, filled in
            with each query's words (``_shape``).
            """
            shape = _shape(query)
            if shape is None:
                return self._compile_index_sql(model, query, _splittable(query))
            form, leaves = shape
            template = _templates.get((form, self.config))
            if template is None:
                sentinels = _sentinel_query(query, iter(range(len(leaves))))
                template = self._compile_index_sql(model, sentinels, form[1])
                if len(_templates) < MAX_TEMPLATES:
                    _templates[form, self.config] = template
            return _fill(template, leaves)

        def _compile_index_sql(self, model, query, splittable):
            from django.db.models import F

            compiler = self.query_compiler_class(model._default_manager.none(), query)
            config = compiler.get_config(self)
            vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
            where, where_params = _match(compiler, query, config, splittable)
            score_sql, score_params = _compile(compiler._build_rank_expression(vectors, config))
            return IndexSQL(
                where=where,
                where_params=where_params,
                score=score_sql,
                score_params=score_params,
            )

        def fuzzy_index_sql(self):
            """``IndexSQL`` for trigram similarity to the query string, or None when this
            backend is configured for a kind of fuzzy search not mirrored here.

            Mirrors ``PostgresSearchQueryCompiler._build_fuzzy_queryset`` (trigram word
            similarity, no unaccent, no prefix boost): a row matches when the similarity of
            its title or body reaches the threshold; its score is the greater of the
            title's similarity times ``title_norm`` and the body's. The similarities are
            named ``_title_similarity`` and ``_body_similarity``: the caller computes them
            once per row in a subquery (``FUZZY_COLUMNS``) and applies both expressions
            outside it, instead of computing each similarity up to four times per row as
            the generic query does.
            """
            if self.fuzzy_algorithm != "trigram" or self.fuzzy_prefix_boost > 0:
                return None
            return IndexSQL(
                where="GREATEST(_title_similarity, _body_similarity) >= %s",
                where_params=(self.fuzzy_similarity_threshold,),
                score="GREATEST((_title_similarity * title_norm), _body_similarity)",
                score_params=(),
            )

    return SwedishPostgresSearchBackend


def _match(compiler, query, config, splittable):
    """SQL for "``title || body`` matches ``query``", as Wagtail's search filters.

    Concatenating the two tsvectors of every candidate row costs more than matching each
    of them, and makes the GIN indexes on ``title`` and ``body`` useless. For a query made
    of AND and OR over single words (the site's queries, phrases aside), matching the
    concatenation is the same as matching word by word in either vector: a word (or a
    word's prefix) is in ``title || body`` exactly when it is in one of them, and ``&``
    and ``|`` are plain boolean operators. Phrases need positions across both, so they are
    matched on the concatenation. Only when every part certainly becomes a lexeme
    (``_one_lexeme``; PostgreSQL silently drops empty parts of a combined tsquery, which
    would change an AND) is the query taken apart; otherwise the whole concatenation is
    matched, as Wagtail does.
    """
    if not splittable:
        return _match_whole(_compile(compiler.build_tsquery(query, config=config)))
    return _match_parts(compiler, query, config)


def _match_whole(compiled_query):
    """``title || body @@ <query>``: a match on the concatenated vectors."""
    from django.db.models import F

    vector_sql, vector_params = _compile(F("title")._combine(F("body"), "||", False))
    query_sql, query_params = compiled_query
    return f"{vector_sql} @@ {query_sql}", vector_params + query_params


def _match_parts(compiler, query, config):
    from modelsearch.query import And, Or, Phrase

    if isinstance(query, (And, Or)):
        parts = [_match_parts(compiler, part, config) for part in query.subqueries]
        joiner = " AND " if isinstance(query, And) else " OR "
        sql = "(" + joiner.join(part_sql for part_sql, _ in parts) + ")"
        return sql, tuple(param for _, part_params in parts for param in part_params)
    query_sql, query_params = _compile(compiler.build_tsquery_content(query, config=config))
    if isinstance(query, Phrase):
        return _match_whole((query_sql, query_params))
    return (
        f"({INDEX_TABLE}.title @@ {query_sql} OR {INDEX_TABLE}.body @@ {query_sql})",
        query_params + query_params,
    )


def _splittable(query):
    """Whether ``_match_parts`` may take ``query`` apart (see ``_match``)."""
    from modelsearch.query import And, Or, Phrase, PlainText

    if isinstance(query, (And, Or)):
        return bool(query.subqueries) and all(_splittable(part) for part in query.subqueries)
    if isinstance(query, Phrase):
        return any(_one_lexeme(word) for word in query.query_string.split())
    if type(query) in (PlainText, Prefix):
        return _one_lexeme(query.query_string)
    return False


def _one_lexeme(word):
    """Whether PostgreSQL's Swedish configuration certainly turns ``word`` into exactly one
    lexeme: lower-case Latin letters and digits only, and not a stop word."""
    return bool(_LEXEME.fullmatch(word)) and word not in STOP_WORDS


_LEXEME = re.compile("[0-9a-z\u00df-\u00f6\u00f8-\u00ff]+")


# Compiled IndexSQL per query shape (see index_sql); a few dozen shapes occur in practice.
_templates = {}
MAX_TEMPLATES = 500
_SENTINEL = "zzord{}zz"
_SENTINELS = re.compile("zzord([0-9]+)zz")
_WORD = re.compile(r"\w+")
_PLAIN_WORDS = re.compile(r"\w+( \w+)*")


def _shape(query):
    """``((form, splittable), leaves)`` for a query of AND/OR over words, prefixes and
    phrases: ``form`` describes the tree without its words, ``leaves`` lists the words (or
    phrase texts) in order. None for anything else, or for text a template could not carry
    unchanged (a "word" with spaces, quotes or backslashes)."""
    from modelsearch.query import And, Or, Phrase, PlainText

    leaves = []

    def walk(node):
        if isinstance(node, (And, Or)):
            parts = tuple(walk(part) for part in node.subqueries)
            return None if None in parts else (type(node).__name__, parts)
        if type(node) in (PlainText, Prefix, Phrase):
            text = node.query_string
            # A word is one lexeme in the template, a phrase one text parameter.
            pattern = _PLAIN_WORDS if type(node) is Phrase else _WORD
            if not pattern.fullmatch(text) or _SENTINELS.search(text):
                return None
            leaves.append(text)
            return type(node).__name__
        return None

    form = walk(query)
    if form is None:
        return None
    return (form, _splittable(query)), leaves


def _sentinel_query(query, numbers):
    """``query`` with each leaf's text replaced by a numbered placeholder word."""
    from modelsearch.query import And, Or

    if isinstance(query, (And, Or)):
        return type(query)([_sentinel_query(part, numbers) for part in query.subqueries])
    return type(query)(_SENTINEL.format(next(numbers)))


def _fill(template, leaves):
    """``template`` with its placeholder words replaced by ``leaves`` (one pass, so a
    word that looks like a placeholder stays as it is)."""

    def fill(params):
        return tuple(
            _SENTINELS.sub(lambda match: leaves[int(match.group(1))], param)
            if isinstance(param, str)
            else param
            for param in params
        )

    return IndexSQL(
        where=template.where,
        where_params=fill(template.where_params),
        score=template.score,
        score_params=fill(template.score_params),
    )


# The per-row similarities ``fuzzy_index_sql`` expects, with their parameters (the query
# string twice).
FUZZY_COLUMNS = (
    f"WORD_SIMILARITY(%s, {INDEX_TABLE}.title_text) AS _title_similarity, "
    f"WORD_SIMILARITY(%s, {INDEX_TABLE}.body_text) AS _body_similarity"
)


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
