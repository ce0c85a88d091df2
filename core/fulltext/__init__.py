"""The site's one search core: Swedish full text, synonyms, compounds, related content.

Model-free and importable by every app, so the site search (app ``search``) and the
agreement register (app ``agreements``) share one implementation without depending on
each other. What needs models is plugged in through Wagtail hooks:

* ``search_synonyms`` — ``fn() -> iterable of groups of equivalent phrases``
  (the ``search`` app serves the abbreviations editors maintain in the admin);
* ``search_related_hits`` — ``fn(queryset, query, limit) -> iterable of RelatedHit`` for
  objects of ``queryset.model`` found through related content (the ``search`` app finds
  agreements through the text of their PDF attachments).

Searching is Wagtail's (``core.fulltext.backend``: its PostgreSQL database backend with
the Swedish configuration and prefix matching for compounds).
"""

from .query import (
    MAX_QUERY_LENGTH,
    PREFIX_MIN_LENGTH,
    ParsedQuery,
    Prefix,
    clean,
    parse,
    words,
)
from .run import (
    RELATED_HITS_HOOK,
    RelatedHit,
    backend_search,
    fuzzy_query,
    merge,
    search,
)

__all__ = [
    "MAX_QUERY_LENGTH",
    "PREFIX_MIN_LENGTH",
    "RELATED_HITS_HOOK",
    "ParsedQuery",
    "Prefix",
    "RelatedHit",
    "backend_search",
    "clean",
    "fuzzy_query",
    "merge",
    "parse",
    "search",
    "words",
]
