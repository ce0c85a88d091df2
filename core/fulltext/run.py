"""Running a parsed query with Wagtail's search, and merging what other apps find through
related content.

The agreement register's ``q`` calls ``search()``; the site search (app ``search``) runs
the same ``backend_search`` kind by kind, so the two never disagree about what matches.
Apps that know of content hiding behind an object (the text of an agreement's PDF
attachments, for instance) contribute through the ``search_related_hits`` hook; the app
asking needs to know nothing about them.
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


def backend_search(queryset, query, limit):
    """``[(object, score)]`` for ``query`` (a modelsearch query) within ``queryset``, best
    first: Wagtail's search and score, at most ``limit`` objects."""
    results = get_search_backend().search(query, queryset).annotate_score("search_score")
    return [(obj, float(obj.search_score or 0)) for obj in results[:limit]]


def fuzzy_query(parsed):
    """Trigram similarity (Wagtail's ``Fuzzy``, PostgreSQL's ``pg_trgm``) to the query's
    words long enough to be worth it, for typos and the ends of compounds; None when there
    are none. Less precise than full text, so only for searches that found nothing."""
    text = " ".join(word for word in parsed.words if len(word) >= FUZZY_MIN_LENGTH)
    return Fuzzy(text) if text else None


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


def search(queryset, parsed, limit=500):
    """Hits for ``parsed`` (a ``ParsedQuery``) within ``queryset``, best first, with the
    objects the ``search_related_hits`` hooks find through related content merged in."""
    query = parsed.query() if parsed else None
    if query is None:
        return []
    related = [
        related_hit
        for hook in hooks.get_hooks(RELATED_HITS_HOOK)
        for related_hit in hook(queryset, query, limit) or ()
    ]
    return merge(backend_search(queryset, query, limit), related, limit)
