"""Free-text search over published agreements (register and site search): what applies
first, *Gällande* above *Kommande* and proposals above the rest, best match first within
each; a replaced hit brings the agreement now in its place (``successor``) along, above it."""

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from core import fulltext
from core.caching import cached

from .models import Agreement, Status
from .models.agreement import replacements

MAX_HITS = 500
TIERS = {Status.IN_FORCE: 0, Status.UPCOMING: 1, Status.CONSULTATION: 1}  # the rest: 2


def search_agreements(query, limit=MAX_HITS):
    """``[(agreement, score)]`` for ``query`` (a modelsearch query), in the order above."""
    live = Agreement.objects.filter(live=True).only("pk")
    if not (scores := {hit.pk: s for hit, s in fulltext.backend_search(live, query, limit)}):
        return []
    # Every replacement that has started, "replaced -> successor" (one query): each version
    # chain is followed to its last version (at most one step per replacement).
    edges, ends = replacements(timezone.localdate()).filter(replaces__isnull=False), {}
    edges = dict(edges.values_list("replaces_id", "pk"))
    for pk in scores:
        ends[pk], steps = pk, 0
        while ends[pk] in edges and steps < len(edges):
            ends[pk], steps = edges[ends[pk]], steps + 1
    fields = "title", "slug", "stage", "valid_from", "valid_to", "under_revision"  # shown
    hits = Agreement.objects.filter(live=True).with_status().only(*fields)
    hits = hits.annotate(type_name=F("document_type__name"), owner=F("section__short_name"))
    hits = hits.in_bulk({*scores, *ends.values()})
    found = {hits[pk]: score for pk, score in scores.items()}
    for hit in [hit for hit in found if hit.status == Status.REPLACED]:
        hit.successor = successor = hits[ends[hit.pk]]
        found[successor] = max(found[hit], found.get(successor, 0))
    ordered = sorted(found.items(), key=lambda h: (TIERS.get(h[0].status, 2), -h[1], h[0].title))
    # Scores never rise down the list, so merged with other content by score an agreement
    # that no longer applies still comes after every agreement in force.
    floor = float("inf")
    return [(agreement, floor := min(floor, score)) for agreement, score in ordered[:limit]]


def search_agreement_ids(query):
    """Ids of the agreements matching ``query``, in that order, kept until content changes."""
    parsed, timeout = fulltext.parse(query), settings.SEARCH_RESULTS_CACHE_SECONDS
    compute = lambda: [a.pk for a, _ in search_agreements(parsed.query())] if parsed else []  # noqa: E731
    return cached("register-search", compute, parsed.key, local=False, timeout=timeout)
