"""The register's filters: one implementation behind the page, the CSV export and the API.

Every filter is a plain GET parameter with a Swedish name, so each filtered view is a URL
that can be shared, bookmarked and used without JavaScript. Unknown or malformed values
never cause an error: the filter is dropped and a Swedish notice says so, because a link
that has grown stale (a renamed topic, a typo) should still show something useful.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Case, F, IntegerField, When
from django.db.models.functions import Collate
from django.utils import timezone
from django.utils.html import format_html
from wagtail.models import Page

from core.caching import cached
from pages.models import Municipality, SectionPage

from .models import Agreement, DecisionBody, DocumentType, Level, Status, Topic
from .models.agreement import applicable_condition, status_condition, topic_condition
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

# The name the options are cached under; a new name whenever their shape changes, so that a
# deployment never reads what the previous version stored under the same content version.
OPTIONS_CACHE_NAME = "register-filter-options-2"

PARAMETERS = ["q", "typ", "omrade", "niva", "sektion", "kommun", "status", "beslut", "sortering"]


@dataclass
class FilterOptions:
    """Everything the filter form offers, loaded in one query."""

    document_types: list
    topics: list
    decision_bodies: list
    sections: list  # the published sections
    municipalities: list
    # Short names of all sections, published or not, by id: what the result list shows as
    # an agreement's owner, without joining the page tree for every row.
    section_names: dict = field(default_factory=dict)

    @classmethod
    def load(cls):
        """The options, kept until content changes (they are the same for every visitor)."""
        return cached(OPTIONS_CACHE_NAME, cls.from_database)

    @cached_property
    def document_type_names(self):
        return {term.id: term.name for term in self.document_types}

    def option_tags(self, name, value="slug", label="name"):
        """``[(id, '<option value="…"', '>label</option>')]`` for the list ``name``, escaped
        once per content version (this object is cached): the form only adds " selected"."""
        key = (name, value, label)
        if key not in self._option_tags:
            self._option_tags[key] = [
                (
                    item.id,
                    format_html('<option value="{}"', getattr(item, value)),
                    format_html(">{}</option>", getattr(item, label)),
                )
                for item in getattr(self, name)
            ]
        return self._option_tags[key]

    @cached_property
    def _option_tags(self):
        return {}

    @classmethod
    def from_database(cls):
        """One SQL statement for the five lists.

        Every list page and every export needs the options before anything else, so after
        each publication this is the first thing each worker does; building the querysets
        for five lists cost several times what the database spends answering them. The
        statement is plain SQL that SQLite runs too; sections and municipalities keep
        the database's order (by tree path and by name) through ``ROW_NUMBER``.
        """
        # Table names come from the models; nothing in the statement comes from a request.
        table = {model: connection.ops.quote_name(model._meta.db_table) for model in _OPTION_MODELS}
        no_section = "CAST(NULL AS INTEGER)"
        parts = [
            f"SELECT '{kind}', id, name, slug, sort_order, {no_section} FROM {table[model]}"  # noqa: S608
            for kind, model in (("typ", DocumentType), ("omrade", Topic), ("beslut", DecisionBody))
        ]
        parts.append(
            f"SELECT 'sektion', p.id, s.short_name, p.slug, "  # noqa: S608
            f"ROW_NUMBER() OVER (ORDER BY p.path), CASE WHEN p.live THEN 1 ELSE 0 END "
            f"FROM {table[SectionPage]} s INNER JOIN {table[Page]} p ON p.id = s.page_ptr_id"
        )
        parts.append(
            f"SELECT 'kommun', id, name, slug, ROW_NUMBER() OVER (ORDER BY name), section_id "  # noqa: S608
            f"FROM {table[Municipality]}"
        )
        sql = " UNION ALL ".join(parts)
        lists = {"typ": [], "omrade": [], "beslut": [], "sektion": [], "kommun": []}
        section_names = {}
        with connection.cursor() as cursor:
            cursor.execute(sql)
            rows = cursor.fetchall()
        for kind, pk, name, slug, order, extra in rows:
            if kind == "sektion":
                section_names[pk] = name
                if extra:  # published
                    lists[kind].append(SectionOption(pk, slug, name, order))
            elif kind == "kommun":
                lists[kind].append(MunicipalityOption(pk, name, slug, extra, order))
            else:
                lists[kind].append(Term(pk, name, slug, order))
        for kind in ("typ", "omrade", "beslut"):
            lists[kind].sort(key=lambda t: (t.sort_order, t.name))
        for kind in ("sektion", "kommun"):
            lists[kind].sort(key=lambda option: option.position)
        return cls(
            lists["typ"],
            lists["omrade"],
            lists["beslut"],
            lists["sektion"],
            lists["kommun"],
            section_names,
        )


_OPTION_MODELS = (DocumentType, Topic, DecisionBody, SectionPage, Page, Municipality)


@dataclass(frozen=True)
class Term:
    id: int
    name: str
    slug: str
    sort_order: int = 0


@dataclass(frozen=True)
class SectionOption:
    """A section as the filters know it (``sektion=<slug>``; shown by its short name)."""

    id: int
    slug: str
    short_name: str
    position: int = 0


@dataclass(frozen=True)
class MunicipalityOption:
    """A municipality as the filters know it (``kommun=<name or slug>``)."""

    id: int
    name: str
    slug: str
    section_id: int
    position: int = 0


@dataclass
class RegisterFilter:
    """Parsed, validated filter values plus notices about anything that was ignored."""

    params: dict = field(default_factory=dict)
    q: str = ""
    document_type: Term | None = None
    topic: Term | None = None
    decision_body: Term | None = None
    level: str = ""
    section: SectionOption | None = None
    municipality: MunicipalityOption | None = None
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
        qs, ranking = self.filtered(queryset, today)
        return self._order(qs.with_status(today), ranking)

    def filtered(self, queryset=None, today=None, search_in_sql=True):
        """The public, filtered queryset (not yet sorted, no status annotation) and the
        search ranking (a list of ids, best first), or None without a search. With
        ``search_in_sql=False`` the queryset leaves the search out, for a caller that
        matches the ranking itself (hundreds of ids as query parameters are slow).

        Every filter is a condition on the agreement's own row (EXISTS for topics and
        municipalities, plain conditions for the status), so each agreement is one row: no
        DISTINCT, and counting is a plain COUNT(*). They are applied in one ``filter()``:
        building a queryset costs more Python than running this query costs PostgreSQL.
        """
        today = today or timezone.localdate()
        conditions = {"live": True}
        if self.document_type:
            conditions["document_type_id"] = self.document_type.id
        if self.decision_body:
            conditions["decided_by_id"] = self.decision_body.id
        if self.level:
            conditions["level"] = self.level
        if self.section:
            conditions["section_id"] = self.section.id
        if self.status == "revidering":
            conditions["under_revision"] = True
        ranking = None
        if self.q:
            ranking = search_agreement_ids(self.q)
            if search_in_sql:
                conditions["pk__in"] = ranking
        expressions = []
        if self.topic:
            expressions.append(topic_condition(self.topic.id))
        if self.municipality:
            expressions.append(applicable_condition(self.municipality))
        if self.status not in ("alla", "revidering"):
            expressions.append(status_condition(self.status or Status.IN_FORCE, today))
        qs = queryset if queryset is not None else Agreement.objects.all()
        return qs.filter(*expressions, **conditions), ranking

    def order(self, qs):
        """``qs`` in the chosen order, or by title (for relevance see ``apply``)."""
        return self._order(qs, None)

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
