"""Free-text search over published agreements, for the register's ``q`` and the site search.

Found with the site's search core (an agreement's index holds its topics and its attachments'
text), then what applies comes first: *Gällande* above *Kommande* above *Upphört* and
*Ersatt*, best match first within each. A replaced agreement that matches brings the
agreement that now applies in its place along (``successor``), which so ranks above it.
"""

from django.conf import settings

from core import fulltext
from core.caching import cached

from .models import Agreement, Stage, Status

MAX_HITS = 500
FIELDS = (
    "title slug section_id under_revision valid_from valid_to replaces_id stage document_type__name"
)
# A proposal on consultation applies to nothing yet: it ranks with what is coming.
TIERS = {
    Status.IN_FORCE: 0,
    Status.UPCOMING: 1,
    Status.CONSULTATION: 1,
    Status.EXPIRED: 2,
    Status.REPLACED: 2,
    Status.WITHDRAWN: 2,
}


def result_agreements():
    agreements = Agreement.objects.filter(live=True).with_status()
    return agreements.select_related("document_type").only(*FIELDS.split())


def search_agreements(query, limit=MAX_HITS):
    """``[(agreement, score)]`` for ``query`` (a modelsearch query), in the order above."""
    found = dict(fulltext.backend_search(result_agreements(), query, limit))
    successor, seen = {}, set()
    pending = [a.pk for a in found if a.status == Status.REPLACED]
    while pending:  # each version chain to its end, one query per step
        seen.update(pending)
        newer = result_agreements().filter(replaces__in=pending, stage=Stage.DECIDED)
        successor.update({agreement.replaces_id: agreement for agreement in newer})
        pending = [a.pk for a in newer if a.status == Status.REPLACED and a.pk not in seen]
    for agreement, score in list(found.items()):
        agreement.successor = current = successor.get(agreement.pk)
        if current is not None:  # what its validity text reads, without a query each
            agreement.later_versions = [current]
        for _ in seen:
            current = successor.get(current.pk, current) if current else None
        if current is not None:
            agreement.successor, current.successor = current, None
            found[current] = max(score, found.get(current, 0))
    ordered = sorted(found.items(), key=lambda hit: (TIERS[hit[0].status], -hit[1], hit[0].title))
    # Scores never rise down the list, so merged with other content by score an agreement
    # that no longer applies still comes after every agreement in force.
    floor = float("inf")
    return [(agreement, floor := min(floor, score)) for agreement, score in ordered[:limit]]


def search_agreement_ids(query):
    """Ids of published agreements matching ``query``, in the order above: kept in the
    shared cache until content changes, for a visitor who pages, sorts or narrows."""
    parsed, timeout = fulltext.parse(query), settings.SEARCH_RESULTS_CACHE_SECONDS
    compute = lambda: [a.pk for a, _ in search_agreements(parsed.query())] if parsed else []  # noqa: E731
    return cached("register-search", compute, parsed.key, local=False, timeout=timeout)
