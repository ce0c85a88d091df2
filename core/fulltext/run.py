"""Running a parsed query and merging what other apps find through related content.

``search()`` is what both the site search (/sok/) and the agreement register's ``q`` call,
so the two can never disagree about what matches. Apps that know of content hiding behind
an object (the text of an agreement's PDF attachments, for instance) contribute through the
``search_related_hits`` hook; the app asking needs to know nothing about them.
"""

from dataclasses import dataclass, field

from modelsearch.query import Fuzzy
from wagtail import hooks
from wagtail.search.backends import get_search_backend

RELATED_HITS_HOOK = "search_related_hits"
FUZZY_MIN_LENGTH = 4  # shorter words are similar to too much


@dataclass
class RelatedHit:
    """An object found through something attached to it, e.g. an agreement through the
    text of one of its documents. ``source`` describes what matched (for the result list)."""

    pk: object
    score: float
    source: dict = field(default_factory=dict)
    obj: object = None


@dataclass
class Hit:
    pk: object
    score: float
    obj: object = None
    matched_self: bool = True
    via: list = field(default_factory=list)


def backend_search(queryset, query, limit, backend=None):
    """``[(object, score)]``, best first, for any indexed queryset; higher score = better."""
    backend = backend or get_search_backend()
    results = backend.search(query, queryset).annotate_score("_score")
    sign = 1 if getattr(backend, "higher_is_better", True) else -1
    return [(obj, sign * float(getattr(obj, "_score", 0) or 0)) for obj in results[:limit]]


def fuzzy_string(parsed):
    """What the similarity search compares with: the query's words long enough to be
    worth it, or "" when there are none."""
    return (
        " ".join(word for word in parsed.words if len(word) >= FUZZY_MIN_LENGTH) if parsed else ""
    )


def fuzzy_search(queryset, parsed, limit, backend=None):
    """Trigram similarity (PostgreSQL's pg_trgm) for typos and the tail of compounds.

    Slower than full text and less precise, so callers use it only when full text found
    nothing. Returns ``[]`` on databases without it.
    """
    backend = backend or get_search_backend()
    query_string = fuzzy_string(parsed)
    if not getattr(backend, "supports_fuzzy", False) or not query_string:
        return []
    results = backend.search(Fuzzy(query_string), queryset).annotate_score("_score")
    return [(obj, float(getattr(obj, "_score", 0) or 0)) for obj in results[:limit]]


def index_sql(model, query, backend=None):
    """Matching and scoring of ``query`` as SQL over the search index table
    (``core.fulltext.backend.IndexSQL``), or None where the backend does not offer it
    (SQLite): callers then use ``backend_search``."""
    backend = backend or get_search_backend()
    build = getattr(backend, "index_sql", None)
    return build(model, query) if build is not None and query is not None else None


def fuzzy_index_sql(backend=None):
    """Like ``index_sql`` for the similarity search (see ``fuzzy_search``), or None. The
    rows must provide the similarities to ``fuzzy_string(parsed)`` under the names in
    ``core.fulltext.backend.FUZZY_COLUMNS``."""
    backend = backend or get_search_backend()
    build = getattr(backend, "fuzzy_index_sql", None)
    if build is None or not getattr(backend, "supports_fuzzy", False):
        return None
    return build()


def merge(found, related=(), limit=None):
    """Merge ``found`` (``[(object, score)]``) with ``related`` (``RelatedHit``s): one
    ``Hit`` per object, an object found both ways keeping its better score, best first."""
    hits = {}
    for obj, score in found:
        hits[obj.pk] = Hit(obj.pk, score, obj)
    for related_hit in related:
        hit = hits.get(related_hit.pk)
        if hit is None:
            hit = hits[related_hit.pk] = Hit(
                related_hit.pk, related_hit.score, related_hit.obj, matched_self=False
            )
        else:
            hit.score = max(hit.score, related_hit.score)
        hit.via.append(related_hit)
    ordered = sorted(hits.values(), key=lambda hit: -hit.score)
    return ordered[:limit] if limit else ordered


def load_missing(queryset, hits):
    """Fill in ``obj`` for hits found only through related content (one query); hits
    whose object is not in ``queryset`` are dropped."""
    missing = [hit.pk for hit in hits if hit.obj is None]
    if not missing:
        return hits
    objects = queryset.in_bulk(missing)
    kept = []
    for hit in hits:
        if hit.obj is None:
            hit.obj = objects.get(hit.pk)
        if hit.obj is not None:
            kept.append(hit)
    return kept


def search(queryset, parsed, limit=500, operator="and", related=None, load=False):
    """Hits for ``parsed`` (a ``ParsedQuery``) within ``queryset``, best first.

    Objects found through related content are merged in: by default whatever the
    ``search_related_hits`` hooks find, or the ``RelatedHit``s passed as ``related`` (a
    caller that has already searched the related content). With ``load``, objects found
    only that way are fetched from ``queryset`` too, so every hit has ``obj``.
    """
    query = parsed.query(operator) if parsed else None
    if query is None:
        return []
    found = backend_search(queryset, query, limit)
    if related is None:
        related = [
            related_hit
            for hook in hooks.get_hooks(RELATED_HITS_HOOK)
            for related_hit in hook(queryset, query, limit) or ()
        ]
    hits = merge(found, related, limit)
    return load_missing(queryset, hits) if load else hits
