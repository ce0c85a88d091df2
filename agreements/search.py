"""Free-text search over published agreements: the register's ``q`` and the site search.

Found with the site's one search core (``core.fulltext``: Swedish stemming, compounds, the
editors' synonyms; an agreement's index holds its topics and the text of its attachments),
then ordered so that what applies comes first: *Gällande* above *Kommande* above *Upphört*
and *Ersatt*, best match first within each. A replaced agreement that matches brings the
agreement in force that replaced it along (``successor``), which therefore ranks above it.
"""

from django.conf import settings

from core import fulltext
from core.caching import cached

from .models import Agreement, Status

MAX_HITS = 500
FIELDS = "title slug section_id under_revision valid_from valid_to replaces_id document_type__name"
FIELDS = FIELDS.split()
TIERS = {Status.IN_FORCE: 0, Status.UPCOMING: 1, Status.EXPIRED: 2, Status.REPLACED: 2}


def result_agreements():
    """Published agreements with their status and what a result line shows."""
    return (
        Agreement.objects.filter(live=True)
        .with_status()
        .select_related("document_type")
        .only(*FIELDS)
    )


def search_agreements(query, limit=MAX_HITS):
    """``[(agreement, score)]`` for ``query`` (a modelsearch query), in force first; each
    replaced agreement has its current ``successor``, in the list above it."""
    found = dict(fulltext.backend_search(result_agreements(), query, limit))
    successor, seen = {}, set()
    pending = [a.pk for a in found if a.status == Status.REPLACED]
    while pending:  # follow each version chain to its end, one query per step
        seen.update(pending)
        newer = list(result_agreements().filter(replaces__in=pending))
        successor.update({a.replaces_id: a for a in newer})
        pending = [a.pk for a in newer if a.status == Status.REPLACED and a.pk not in seen]
    for agreement, score in list(found.items()):
        agreement.successor = current = successor.get(agreement.pk)
        for _ in seen:
            current = successor.get(current.pk, current) if current else None
        if current is not None:
            agreement.successor, current.successor = current, None
            found[current] = max(score, found.get(current, 0))
    ordered = sorted(found.items(), key=lambda hit: (TIERS[hit[0].status], -hit[1], hit[0].title))
    # Scores never rise down the list, so merged with other content by score an agreement
    # that no longer applies still comes after every agreement in force.
    capped, floor = [], float("inf")
    for agreement, score in ordered[:limit]:
        floor = min(floor, score)
        capped.append((agreement, floor))
    return capped


def normalise_query(query):
    """Plain lower-cased words only: nothing typed is read as an operator."""
    return " ".join(fulltext.words(query))


def search_agreement_ids(query):
    """Ids of published agreements matching ``query``, in the order above. Kept in the
    shared cache per meaning of the query until content changes: a visitor who pages,
    sorts or narrows a search asks for the same words again."""
    parsed = fulltext.parse(query)

    def compute():
        return [a.pk for a, _ in search_agreements(parsed.query())] if parsed else []

    timeout = settings.SEARCH_RESULTS_CACHE_SECONDS
    return cached("register-search", compute, parsed.key, local=False, timeout=timeout)
