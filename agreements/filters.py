"""The register's filters: one implementation behind the page, the CSV export and the API.

Every filter is a plain GET parameter with a Swedish name, so each filtered view is a URL
that can be shared, bookmarked and used without JavaScript. Unknown or malformed values
never cause an error: the filter is dropped and a Swedish notice says so, because a link
that has grown stale (a renamed topic, a typo) should still show something useful.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, CharField, F, IntegerField, Value, When
from django.db.models.functions import Collate
from django.utils import timezone

from pages.caching import cached
from pages.models import Municipality, SectionPage

from .models import Agreement, DecisionBody, DocumentType, Level, Status, Topic
from .search import normalise_query, search_agreement_ids

MAX_QUERY_LENGTH = 200

STATUS_CHOICES = [
    ("", "Gällande i dag"),
    (Status.UPCOMING.value, "Kommande"),
    (Status.EXPIRED.value, "Upphörda"),
    (Status.REPLACED.value, "Ersatta"),
    ("revidering", "Under revidering"),
    ("alla", "Alla, oavsett status"),
]
SORT_CHOICES = [
    ("", "Relevans (vid sökning), annars titel"),
    ("titel", "Titel A–Ö"),
    ("beslutsdatum", "Senast beslutade först"),
    ("giltig-fran", "Senast börjat gälla först"),
    ("revideras", "Revideras snarast först"),
]
LEVEL_CHOICES = [("", "Alla nivåer")] + [(value, label) for value, label in Level.choices]
# Swedish names in URLs for the levels ("niva=lan" reads better than "niva=county").
LEVEL_PARAMS = {"lan": Level.COUNTY, "delregional": Level.SUBREGIONAL, "lokal": Level.LOCAL}
LEVEL_PARAM_FOR = {value: key for key, value in LEVEL_PARAMS.items()}

PARAMETERS = ["q", "typ", "omrade", "niva", "sektion", "kommun", "status", "beslut", "sortering"]


@dataclass
class FilterOptions:
    """Everything the filter form offers, loaded in three queries."""

    document_types: list
    topics: list
    decision_bodies: list
    sections: list
    municipalities: list

    @classmethod
    def load(cls):
        """The options, kept until content changes (they are the same for every visitor)."""
        return cached("register-filter-options", cls.from_database)

    @classmethod
    def from_database(cls):
        taxonomies = {"typ": [], "omrade": [], "beslut": []}
        union = (
            DocumentType.objects.order_by()
            .annotate(kind=_const("typ"))
            .values_list("kind", "id", "name", "slug", "sort_order")
            .union(
                Topic.objects.order_by()
                .annotate(kind=_const("omrade"))
                .values_list("kind", "id", "name", "slug", "sort_order"),
                DecisionBody.objects.order_by()
                .annotate(kind=_const("beslut"))
                .values_list("kind", "id", "name", "slug", "sort_order"),
                all=True,
            )
        )
        for kind, pk, name, slug, sort_order in union:
            taxonomies[kind].append(Term(pk, name, slug, sort_order))
        for terms in taxonomies.values():
            terms.sort(key=lambda t: (t.sort_order, t.name))
        sections = list(
            SectionPage.objects.live()
            .order_by("path")
            .only("id", "title", "slug", "short_name", "level", "path", "depth", "url_path")
        )
        municipalities = list(
            Municipality.objects.order_by("name").only("id", "name", "slug", "section_id")
        )
        return cls(
            taxonomies["typ"],
            taxonomies["omrade"],
            taxonomies["beslut"],
            sections,
            municipalities,
        )


@dataclass(frozen=True)
class Term:
    id: int
    name: str
    slug: str
    sort_order: int = 0


def _const(text):
    return Value(text, output_field=CharField())


@dataclass
class RegisterFilter:
    """Parsed, validated filter values plus notices about anything that was ignored."""

    params: dict = field(default_factory=dict)
    q: str = ""
    document_type: Term | None = None
    topic: Term | None = None
    decision_body: Term | None = None
    level: str = ""
    section: SectionPage | None = None
    municipality: Municipality | None = None
    status: str = ""
    sort: str = ""
    notices: list = field(default_factory=list)

    @classmethod
    def from_query(cls, query_dict, options):
        def value(name):
            raw = query_dict.get(name, "")
            # Control characters (NUL and friends) can never be part of a real value.
            return "".join(ch for ch in str(raw) if ch.isprintable()).strip()

        f = cls()
        f.q = value("q")
        if f.q and not normalise_query(f.q):
            f.notices.append("Söktexten innehöll inga ord att söka på och användes inte.")
            f.q = ""
        if len(f.q) > MAX_QUERY_LENGTH:
            f.q = f.q[:MAX_QUERY_LENGTH]
            f.notices.append(f"Söktexten var längre än {MAX_QUERY_LENGTH} tecken och har kortats.")

        def pick(name, items, label, keys=lambda item: (item.slug,)):
            raw = value(name)
            if not raw:
                return None
            wanted = raw.casefold()
            for item in items:
                if wanted in (key.casefold() for key in keys(item)):
                    return item
            f.notices.append(f"{label} ”{raw[:60]}” finns inte. Filtret användes inte.")
            return None

        f.document_type = pick("typ", options.document_types, "Dokumenttypen")
        f.topic = pick("omrade", options.topics, "Området")
        f.decision_body = pick("beslut", options.decision_bodies, "Beslutsinstansen")
        f.section = pick("sektion", options.sections, "Sektionen")
        # Municipalities by name ("kommun=Lerum") or by slug ("kommun=goteborg").
        f.municipality = pick(
            "kommun", options.municipalities, "Kommunen", keys=lambda m: (m.name, m.slug)
        )

        level = value("niva")
        if level in LEVEL_PARAMS:
            f.level = LEVEL_PARAMS[level]
        elif level:
            f.notices.append(f"Nivån ”{level[:60]}” finns inte. Filtret användes inte.")

        status = value("status")
        if status in {code for code, _ in STATUS_CHOICES}:
            f.status = status
        elif status:
            f.notices.append(
                f"Statusen ”{status[:60]}” finns inte. Listan visar det som gäller i dag."
            )

        sort = value("sortering")
        if sort in {code for code, _ in SORT_CHOICES}:
            f.sort = sort
        elif sort:
            f.notices.append(f"Sorteringen ”{sort[:60]}” finns inte. Standardordningen används.")

        f.params = f.canonical_params()
        return f

    def canonical_params(self):
        """The active filters as GET parameters (for links: pagination, export, API)."""
        params = {}
        if self.q:
            params["q"] = self.q
        if self.document_type:
            params["typ"] = self.document_type.slug
        if self.topic:
            params["omrade"] = self.topic.slug
        if self.level:
            params["niva"] = LEVEL_PARAM_FOR[self.level]
        if self.section:
            params["sektion"] = self.section.slug
        if self.municipality:
            params["kommun"] = self.municipality.name
        if self.status:
            params["status"] = self.status
        if self.decision_body:
            params["beslut"] = self.decision_body.slug
        if self.sort:
            params["sortering"] = self.sort
        return params

    @property
    def is_filtered(self):
        return bool(self.params)

    def apply(self, queryset=None, today=None):
        """The public, filtered and sorted queryset, annotated with ``status_code``."""
        today = today or timezone.localdate()
        qs = (queryset if queryset is not None else Agreement.objects.all()).public()
        qs = qs.with_status(today)
        if self.document_type:
            qs = qs.filter(document_type_id=self.document_type.id)
        if self.topic:
            qs = qs.filter(topics__id=self.topic.id)
        if self.decision_body:
            qs = qs.filter(decided_by_id=self.decision_body.id)
        if self.level:
            qs = qs.filter(level=self.level)
        if self.section:
            qs = qs.filter(section_id=self.section.id)
        if self.municipality:
            qs = qs.applicable_to(self.municipality)
        if self.status == "alla":
            pass
        elif self.status == "revidering":
            qs = qs.filter(under_revision=True)
        elif self.status:
            qs = qs.filter(status_code=self.status)
        else:
            qs = qs.filter(status_code=Status.IN_FORCE)

        ranking = None
        if self.q:
            ranking = search_agreement_ids(self.q)
            qs = qs.filter(pk__in=ranking)
        if self.topic or self.municipality:
            qs = qs.distinct()
        return self._order(qs, ranking)

    def _order(self, qs, ranking):
        title = _swedish(F("title"))
        if self.sort == "titel" or (not self.sort and not ranking):
            return qs.order_by(title, "pk")
        if self.sort == "beslutsdatum":
            return qs.order_by(F("decided_on").desc(nulls_last=True), title)
        if self.sort == "giltig-fran":
            return qs.order_by(F("valid_from").desc(nulls_last=True), title)
        if self.sort == "revideras":
            return qs.order_by(F("review_by").asc(nulls_last=True), title)
        # Relevance: keep the search backend's ranking.
        rank = Case(
            *[When(pk=pk, then=position) for position, pk in enumerate(ranking)],
            default=len(ranking),
            output_field=IntegerField(),
        )
        return qs.order_by(rank, title)


def _swedish(expression):
    """Sort by Swedish rules (… X, Y, Z, Å, Ä, Ö) where the database can."""
    if connection.vendor == "postgresql":
        return Collate(expression, "sv-SE-x-icu")
    return expression


def filter_summary(f):
    """Human-readable list of the active filters, for the result heading."""
    parts = []
    if f.q:
        parts.append(f"sökord ”{f.q}”")
    if f.document_type:
        parts.append(f.document_type.name.lower())
    if f.topic:
        parts.append(f"område {f.topic.name.lower()}")
    if f.level:
        parts.append(Level(f.level).label.lower())
    if f.section:
        parts.append(f"ägare {f.section.short_name}")
    if f.municipality:
        parts.append(f"gäller {f.municipality.name}")
    if f.decision_body:
        parts.append(f"beslutat av {f.decision_body.name}")
    return parts
