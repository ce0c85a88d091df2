"""The site's one search core, shared by the site search (app ``search``) and the agreement
register (app ``agreements``): query parsing (``query``), Swedish compounds (``swedish``) and
Wagtail's PostgreSQL backend with prefix matching (``backend``). Synonyms come from the
``search_synonyms`` hook, so the core needs no model."""

from .query import (
    MAX_QUERY_LENGTH,
    PREFIX_MIN_LENGTH,
    ParsedQuery,
    backend_search,
    clean,
    parse,
    words,
)

__all__ = [
    "MAX_QUERY_LENGTH",
    "PREFIX_MIN_LENGTH",
    "ParsedQuery",
    "backend_search",
    "clean",
    "parse",
    "words",
]
