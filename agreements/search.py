"""Free-text search over published agreements (register and site search): what applies
first, *Gällande* above *Kommande* and proposals above the rest, best match first within
each; a replaced hit brings the agreement now in its place (``successor``) along, above it."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from core import fulltext
from core.caching import cached

from .models import Agreement, Status
from .models.agreement import replacements

MAX_HITS = 500
# What is cached from agreements alone (their search hits, the API's pages) is kept until an
# agreement, its attachments or decisions, or the structure change (core.caching, scopes).
CACHE_SCOPE = "agreements"
TIERS = {Status.IN_FORCE: 0, Status.UPCOMING: 1, Status.CONSULTATION: 1}  # the rest: 2


@dataclass(unsafe_hash=True)
class Hit:
    """What the order of the hits needs of an agreement, read as values: the register keeps
    only their ids, and hundreds of model instances cost more than the search itself."""

    pk: int
    title: str = field(compare=False)
    status_code: str = field(compare=False)
    successor: "Hit | None" = field(default=None, compare=False)

    @property
    def status(self):
        return Status(self.status_code)


def search_agreements(query, limit=MAX_HITS):
    """``[(agreement, score)]`` for ``query`` (a modelsearch query), in the order above, each
    agreement with what a hit shows."""
    fields = "title", "slug", "stage", "valid_from", "valid_to", "under_revision"  # shown
    agreements = Agreement.objects.filter(live=True).with_status().with_names().only(*fields)
    return in_order(agreements, query, limit, read=lambda agreement: agreement)


def in_order(agreements, query, limit, read):
    """The hits among ``agreements`` (published, ``status_code`` annotated), each made by
    ``read`` from what the queryset gives, with their scores, in the order above."""
    ranked = fulltext.index_search(agreements, query, limit, scope=CACHE_SCOPE)
    found = {read(row): score for row, score in ranked}
    if replaced := [hit for hit in found if hit.status == Status.REPLACED]:
        # Every replacement that has started, "replaced -> successor" (one query): each
        # version chain is followed to its last version (at most one step per replacement).
        edges, ends = replacements(timezone.localdate()).filter(replaces__isnull=False), {}
        edges = dict(edges.values_list("replaces_id", "pk"))
        for hit in replaced:
            ends[hit], steps = hit.pk, 0
            while ends[hit] in edges and steps < len(edges):
                ends[hit], steps = edges[ends[hit]], steps + 1
        current = agreements.in_bulk(set(ends.values()))
        for hit, pk in ends.items():
            hit.successor = successor = read(current[pk])
            found[successor] = max(found[hit], found.get(successor, 0))
    ordered = sorted(found.items(), key=lambda h: (TIERS.get(h[0].status, 2), -h[1], h[0].title))
    # Scores never rise down the list, so merged with other content by score an agreement
    # that no longer applies still comes after every agreement in force.
    floor = float("inf")
    return [(agreement, floor := min(floor, score)) for agreement, score in ordered[:limit]]


def kept_until_an_agreement_changes(name, compute, *key):
    """``cached`` in the agreements' scope, in the shared cache only and for as long as
    search hits (the keys are what visitors ask for, without bound)."""
    timeout = settings.SEARCH_RESULTS_CACHE_SECONDS
    return cached(name, compute, *key, local=False, timeout=timeout, scope=CACHE_SCOPE)


def search_agreement_ids(query):
    """Ids of the agreements matching ``query``, in that order, kept until an agreement
    changes."""
    parsed = fulltext.parse(query)
    rows = Agreement.objects.filter(live=True).with_status().values("pk", "title", "status_code")

    def compute():
        hits = in_order(rows, parsed.query(), MAX_HITS, read=lambda row: Hit(**row))
        return [hit.pk for hit, _ in hits]

    return kept_until_an_agreement_changes("register-search", compute, parsed.key) if parsed else []
