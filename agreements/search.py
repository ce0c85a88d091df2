"""Free-text search over published agreements for the register's ``q`` parameter.

The register searches with the site's one search core (``pages.fulltext``), the same as
the site search at /sok/: Swedish stemming, prefix matching for compounds, the editors'
abbreviations and synonyms, and agreements found through the text of their attachments.
The last two come from other apps through Wagtail hooks, so this app imports none of them.
"""

from pages import fulltext

from .models import Agreement

MAX_HITS = 500


def normalise_query(query):
    """Plain words only: punctuation, quotes and operators (SQL, FTS or otherwise) are
    dropped, and words are lower-cased so that AND/OR/NOT are never read as operators."""
    return " ".join(fulltext.words(query))


def search_agreement_ids(query):
    """Ids of published agreements matching ``query``, best match first.

    Returns ids rather than a queryset so the caller can combine the hits with any filter
    (the search backend only filters on indexed FilterFields).
    """
    parsed = fulltext.parse(query)
    if not parsed:
        return []
    hits = fulltext.search(Agreement.objects.filter(live=True).only("pk"), parsed, MAX_HITS)
    return [hit.pk for hit in hits]
