"""Free-text search over published agreements for the register's ``q`` parameter."""

import re

from wagtail.search.backends import get_search_backend

from .models import Agreement

MAX_HITS = 500
MAX_TERMS = 12
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_query(query):
    """Plain words only: punctuation, quotes and operators (SQL, FTS or otherwise) are
    dropped, and words are lower-cased so that AND/OR/NOT are never read as operators."""
    return " ".join(_WORD.findall(query.casefold())[:MAX_TERMS])


def search_agreement_ids(query):
    """Ids of published agreements matching ``query``, best match first.

    Returns ids rather than a queryset so the caller can combine the hits with any filter
    (the search backend only filters on indexed FilterFields).
    """
    words = normalise_query(query)
    if not words:
        return []
    backend = get_search_backend()
    results = backend.search(words, Agreement.objects.filter(live=True), operator="and")
    return [agreement.pk for agreement in results[:MAX_HITS]]
