"""Free-text search over published agreements (register and site search): what applies
first, *Gällande* above *Kommande* and proposals above the rest, best match first within
each; a replaced hit brings the agreement now in its place (``successor``) along, above it."""

from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone

from core import fulltext
from core.caching import cached, kept_across_changes, structure_version

from .models import Agreement, Stage, Status
from .models.agreement import started

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
    found = in_order(agreements, query, limit, read=lambda agreement: agreement, name="site")
    hits = []
    for pk, score, successor in found.hits:
        hits.append((agreement := found.rows[pk], score))
        agreement.successor = successor and found.rows[successor]
    return hits


def in_order(agreements, query, limit, read, name):
    """The hits among ``agreements`` (published, ``status_code`` annotated) in the order
    above (``Found``; ``read`` makes what the order needs of a row). Kept (as ``name``)
    across the agreements' changes: after one is published, only its row, and those of the
    agreements it replaces or replaced, are read again."""
    today = timezone.localdate()
    search = partial(Found.of, agreements, query, limit, read, today)
    update = lambda kept, ids: kept.updated(search, ids, today)  # noqa: E731
    # The rows have the names of document types and sections: kept per structure version.
    key = name, repr(query), limit, today, structure_version()
    timeout = settings.SEARCH_RESULTS_CACHE_SECONDS
    return kept_across_changes(
        "agreement-search", search, update, *key, scope=CACHE_SCOPE, timeout=timeout
    )


@dataclass
class Found:
    """A search's hits in order, ``[(id, score, id of its successor or None)]``, the rows
    read of them and of their successors, and every published successor's ``{id: (id
    replaced, has started)}``: an agreement's status and validity depend on its own row and
    its successors' alone."""

    hits: list
    rows: dict
    successors: dict

    @classmethod
    def of(cls, agreements, query, limit, read, today, known=None, successors=None):
        if successors is None:
            successors = successors_of(Agreement.objects.all(), today)
        known = known or {}
        ranked = fulltext.index_search(agreements, query, limit, CACHE_SCOPE, known)
        ranked = [(read(row), row, score) for row, score in ranked]
        rows = {hit.pk: row for hit, row, _ in ranked}
        found = {hit: score for hit, _, score in ranked}
        # Each version chain followed to its last version that has started to apply.
        edges = {old: new for new, (old, started) in sorted(successors.items()) if started}
        ends = {}
        for hit in [hit for hit in found if hit.status == Status.REPLACED]:
            ends[hit], steps = hit.pk, 0
            while ends[hit] in edges and steps < len(edges):
                ends[hit], steps = edges[ends[hit]], steps + 1
        rows |= {pk: known[pk] for pk in ends.values() if pk in known}
        rows |= agreements.in_bulk(set(ends.values()) - rows.keys())
        for hit, pk in ends.items():
            successor = read(rows[pk])
            found[successor] = max(found[hit], found.get(successor, 0))
        ordered = sorted(
            found.items(), key=lambda h: (TIERS.get(h[0].status, 2), -h[1], h[0].title)
        )
        # Scores never rise down the list, so merged with other content by score an
        # agreement that no longer applies still comes after every agreement in force.
        floor, hits = float("inf"), []
        for hit, score in ordered[:limit]:
            hits.append((hit.pk, floor := min(floor, score), ends.get(hit)))
        return cls(hits, rows, successors)

    def updated(self, search, ids, today):
        """The hits once the agreements ``ids`` changed: their rows read again, and those of
        the agreements they replace now or replaced before (whose status or validity may
        have changed with them); every other row as it was read."""
        fresh = successors_of(Agreement.objects.filter(pk__in=ids), today)
        before = [self.successors[pk] for pk in ids if pk in self.successors]
        touched = set(ids) | {old for old, _ in [*before, *fresh.values()]}
        successors = {pk: s for pk, s in self.successors.items() if pk not in ids} | fresh
        known = {pk: row for pk, row in self.rows.items() if pk not in touched}
        return search(known=known, successors=successors)


def successors_of(agreements, today):
    """``{id: (id replaced, has started)}`` of the published, decided successors among
    ``agreements`` (see ``replacements``)."""
    rows = agreements.filter(live=True, stage=Stage.DECIDED, replaces__isnull=False)
    rows = rows.annotate(started=ExpressionWrapper(started(today), output_field=BooleanField()))
    return {pk: (old, on) for pk, old, on in rows.values_list("pk", "replaces_id", "started")}


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
        found = in_order(rows, parsed.query(), MAX_HITS, read=lambda row: Hit(**row), name="ids")
        return [pk for pk, _, _ in found.hits]

    return kept_until_an_agreement_changes("register-search", compute, parsed.key) if parsed else []
