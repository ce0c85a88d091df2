"""Ranking for the site search on PostgreSQL: one statement for every kind of content.

Wagtail's search (``backend.search(query, queryset)``) joins every candidate row of the
content table to the search index, selects the whole tsvector of each match and loads full
objects, one query per kind of content. With a full register nearly every agreement
matches an everyday word such as "utskrivning", and that join and loading took most of a
search's time. Here the index table is ranked directly, with the matching and scoring SQL
of the site's own backend (``core.fulltext.index_sql``, the same expressions Wagtail's
search uses), and restricted to what a visitor may see by the lists of public ids in
``search.results.catalogue``: computed in SQL, kept until content changes and passed as
arrays, which PostgreSQL checks with a hash. One statement ranks pages, agreements and
documents and returns ids, scores and the few page columns a hit needs; nothing else is
loaded until a result page is shown.

Each kind is cut at ``limit`` hits by score, then object id descending (Wagtail's order),
so the hits are exactly those ``backend_search``/``fuzzy_search`` would return.
"""

from django.db import connection
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from agreements.models import Agreement
from core import fulltext
from core.fulltext.backend import FUZZY_COLUMNS, INDEX_TABLE
from pages.models import NewsPage

from .models import DocumentText

PAGES, AGREEMENTS, DOCUMENTS = 0, 1, 2
MODELS = {PAGES: Page, AGREEMENTS: Agreement, DOCUMENTS: DocumentText}


def available(backend, fuzzy=False):
    """Whether ``rank`` can run with ``backend``: PostgreSQL with the site's backend (and,
    for the similarity search, the kind of fuzzy search it mirrors)."""
    if fuzzy:
        return fulltext.fuzzy_index_sql(backend) is not None
    return hasattr(backend, "index_sql")


def rank(backend, parsed, public_ids, limit, fuzzy=False):
    """``{kind: [row, …]}`` best first (``available()`` says whether this can run).

    ``public_ids`` maps each kind to the ids visitors may see, as an array literal
    (``"{3,4,12}"``): one parameter however many ids, which PostgreSQL checks with a
    hash. They are compared as integers (every indexed model here has an integer key):
    with the index's text column, the planner estimated each of a few thousand ids on its
    own, which cost more (6–10 ms) than running the whole statement. A row is
    ``(object_id, score)``, for pages followed by title, content type id,
    url_path, path, search_description and the news date.
    """
    found = {kind: [] for kind in MODELS}
    if fuzzy:
        sql = fulltext.fuzzy_index_sql(backend)
        query_string = fulltext.fuzzy_string(parsed)
        if not query_string:
            return found  # no word long enough to compare
    else:
        sql = fulltext.index_sql(Page, parsed.query(), backend)
        query_string = ""
    branches, params = [], []
    for kind, model in MODELS.items():
        ids = public_ids[kind]
        if ids == "{}":
            continue
        branch, branch_params = _branch(kind, model, ids, sql, limit, query_string, fuzzy)
        branches.append(branch)
        params += branch_params
    if not branches:
        return found
    news = NewsPage._meta
    page_table = Page._meta.db_table
    # Only table and column names and SQL compiled by Django are interpolated; everything a
    # visitor typed travels as a parameter.
    statement = (
        "SELECT hit.kind, hit.object_id, hit.score, page.title, page.content_type_id, "  # noqa: S608
        f"page.url_path, page.path, page.search_description, news.{news.get_field('date').column} "
        f"FROM ({' UNION ALL '.join(branches)}) AS hit "
        f"LEFT JOIN {page_table} AS page ON hit.kind = {PAGES} "
        "AND page.id = hit.object_id::integer "
        f"LEFT JOIN {news.db_table} AS news ON news.{news.pk.column} = page.id "
        "ORDER BY hit.kind, hit.score DESC, hit.object_id::integer DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for kind, object_id, score, *page in cursor.fetchall():
            row = (object_id, float(score or 0))
            found[kind].append(row + tuple(page) if kind == PAGES else row)
    return found


def _branch(kind, model, ids, sql, limit, query_string, fuzzy):
    """One kind's ranked subquery and its parameters (in the order of their placeholders)."""
    content_types = get_descendants_content_types_pks(model)
    table = INDEX_TABLE
    if fuzzy:
        # Each similarity once per row: OFFSET 0 keeps PostgreSQL from folding the
        # subquery into the outer query and computing them again for the filter and the
        # score.
        source = (
            f"(SELECT {table}.object_id, {table}.title_norm, {FUZZY_COLUMNS} FROM {table} "  # noqa: S608
            f"WHERE {table}.content_type_id = ANY(%s) AND {table}.object_id::integer = "
            f"ANY(%s::integer[]) OFFSET 0) AS {table}"
        )
        source_params = [query_string, query_string, content_types, ids]
        where, where_params = sql.where, list(sql.where_params)
    else:
        source, source_params = table, []
        where = (
            f"{table}.content_type_id = ANY(%s) AND {table}.object_id::integer = "
            f"ANY(%s::integer[]) AND {sql.where}"
        )
        where_params = [content_types, ids, *sql.where_params]
    branch = (
        f"(SELECT {kind} AS kind, {table}.object_id, {sql.score} AS score FROM {source} "  # noqa: S608
        f"WHERE {where} ORDER BY score DESC, {table}.object_id::integer DESC LIMIT {int(limit)})"
    )
    return branch, [*sql.score_params, *source_params, *where_params]
