"""The site's one search core: Swedish full text, synonyms, compounds, related content.

Model-free and importable by every app (``pages`` is the base app), so the site search
(app ``search``) and the agreement register (app ``agreements``) share one implementation
without depending on each other. What needs models is plugged in through Wagtail hooks:

* ``search_synonyms`` — ``fn() -> iterable of groups of equivalent phrases``
  (the ``search`` app serves the abbreviations editors maintain in the admin);
* ``search_related_hits`` — ``fn(queryset, query, limit) -> iterable of RelatedHit`` for
  objects of ``queryset.model`` found through related content (the ``search`` app finds
  agreements through the text of their PDF attachments).

The backend (``core.fulltext.backend``) is Wagtail's database backend with the Swedish
configuration on PostgreSQL and prefix matching for compounds.
"""

from .query import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    PREFIX_MIN_LENGTH,
    STOP_WORDS,
    SYNONYMS_HOOK,
    ParsedQuery,
    Prefix,
    Term,
    clean,
    parse,
    synonym_groups,
    words,
)
from .run import (
    RELATED_HITS_HOOK,
    Hit,
    RelatedHit,
    backend_search,
    fuzzy_index_sql,
    fuzzy_search,
    fuzzy_string,
    index_sql,
    load_missing,
    merge,
    search,
)

__all__ = [
    "MAX_QUERY_LENGTH",
    "MAX_TERMS",
    "PREFIX_MIN_LENGTH",
    "RELATED_HITS_HOOK",
    "STOP_WORDS",
    "SYNONYMS_HOOK",
    "Hit",
    "ParsedQuery",
    "Prefix",
    "RelatedHit",
    "Term",
    "backend_search",
    "clean",
    "fuzzy_index_sql",
    "fuzzy_search",
    "fuzzy_string",
    "index_sql",
    "load_missing",
    "merge",
    "parse",
    "search",
    "synonym_groups",
    "words",
]
