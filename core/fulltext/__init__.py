"""The site's one search core, shared by the site search and the agreement register: query
parsing (``query``), Swedish compounds (``swedish``), Wagtail's backend (``backend``)."""

from .query import MAX_QUERY_LENGTH, SHORTENED, backend_search, clean, index_search, parse, words  # noqa: F401
