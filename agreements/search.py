"""Free-text search over published agreements for the register's ``q`` parameter.

The register searches with the site's one search core (``core.fulltext``), the same as
the site search at /sok/: Swedish stemming, prefix matching for compounds, the editors'
abbreviations and synonyms, and agreements found through the text of their attachments.
The last two come from other apps through Wagtail hooks, so this app imports none of them.
"""

from django.conf import settings

from core import fulltext
from core.caching import cached

from .models import Agreement

MAX_HITS = 500


def normalise_query(query):
    """Plain words only: punctuation, quotes and operators (SQL, FTS or otherwise) are
    dropped, and words are lower-cased so that AND/OR/NOT are never read as operators."""
    return " ".join(fulltext.words(query))


def search_agreement_ids(query):
    """Ids of published agreements matching ``query``, best match first.

    Returns ids rather than a queryset so the caller can combine the hits with any filter
    (the search backend only filters on indexed FilterFields). Kept for a few minutes and
    never past a change of content (what matches depends only on published content,
    synonyms and extracted document text, all of which move the content version on): a
    visitor who pages, sorts or narrows a search asks for the same words again. Visitors
    type endless variations, so each is kept only in the shared cache.
    """

    def compute():
        queryset = Agreement.objects.filter(live=True).only("pk")
        return [hit.pk for hit in fulltext.search(queryset, fulltext.parse(query), MAX_HITS)]

    return cached(
        "register-search",
        compute,
        query,
        local=False,
        timeout=settings.SEARCH_RESULTS_CACHE_SECONDS,
    )
