"""The register's filters: one implementation behind the page, the CSV export and the API.

Every filter is a plain GET parameter with a Swedish name, so each filtered view is a URL
that can be shared, bookmarked and used without JavaScript. Unknown or malformed values
never cause an error: the filter is dropped and a Swedish notice says so, because a link
that has grown stale (a renamed topic, a typo) should still show something useful.
"""

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField, F, Func, IntegerField, Value
from django.utils import timezone

from core import fulltext
from core.caching import cached
from pages.models import Municipality, SectionPage

from .models import Agreement, DecisionBody, DocumentType, Level, Status, Topic
from .models.agreement import applicable_condition
from .search import search_agreement_ids

STATUS_CHOICES = [
    ("", "Gällande i dag"),
    (Status.UPCOMING.value, "Kommande"),
    (Status.EXPIRED.value, "Upphörda"),
    (Status.REPLACED.value, "Ersatta"),
    (Status.CONSULTATION.value, "På remiss"),
    (Status.WITHDRAWN.value, "Tillbakadragna förslag"),
    ("revidering", "Under revidering"),
    ("alla", "Alla, oavsett status"),
]
SORT_CHOICES = [
    ("titel", "Titel A–Ö"),
    ("beslutsdatum", "Senast beslutade först"),
    ("giltig-fran", "Senast börjat gälla först"),
    ("revideras", "Revideras snarast först"),
]
ORDERINGS = {
    "beslutsdatum": F("decided_on").desc(nulls_last=True),
    "giltig-fran": F("valid_from").desc(nulls_last=True),
    "revideras": F("review_by").asc(nulls_last=True),
}
# Swedish names in URLs for the levels ("niva=lan" reads better than "niva=county").
LEVEL_PARAMS = {"lan": Level.COUNTY, "delregional": Level.SUBREGIONAL, "lokal": Level.LOCAL}
LEVEL_PARAM_FOR = {value: key for key, value in LEVEL_PARAMS.items()}
# The lists whose options come from the database, and the label of "no filter" in each.
ALL_LABELS = {
    "kommun": "Alla kommuner",
    "typ": "Alla dokumenttyper",
    "omrade": "Alla områden",
    "sektion": "Alla sektioner",
    "beslut": "Alla beslutsinstanser",
}
NOT_USED = "finns inte. Filtret användes inte."


def filter_options():
    """The options of the lists in ``ALL_LABELS``, each by the value it has in a URL, kept
    until content changes (they are the same for every visitor). The name changes with
    their shape, so a deployment never reads what the previous version stored."""
    return cached(
        "register-filter-options-3",
        lambda: {
            "kommun": {m.name: m for m in Municipality.objects.order_by("name")},
            "typ": {term.slug: term for term in DocumentType.objects.all()},
            "omrade": {term.slug: term for term in Topic.objects.all()},
            "sektion": {
                s.slug: s
                for s in SectionPage.objects.live().order_by("path").only("slug", "short_name")
            },
            "beslut": {term.slug: term for term in DecisionBody.objects.all()},
        },
        scope="structure",
    )


class Select(forms.Select):
    """Django's select, its options written in one template (the register's lists have a
    hundred options, and Django's own template includes a template for each)."""

    template_name = "agreements/widgets/select.html"


class OptionField(forms.ChoiceField):
    """One of the form's lists. A value is matched without regard to case (and through
    ``aliases``) and cleaned to the option's own value; an unknown value is dropped with
    ``notice``, which names it."""

    widget = Select

    def __init__(self, label, notice, choices=()):
        super().__init__(label=label, choices=choices, required=False)
        self.notice = notice
        self.aliases = {}

    def to_python(self, value):
        value = super().to_python(value)
        known = {str(key).casefold(): key for key, _ in self.choices if key} | self.aliases
        if value and value.casefold() not in known:
            raise ValidationError(self.notice.format(value[:60]))
        return known.get(value.casefold(), "")


class SearchInput(forms.TextInput):
    input_type = "search"


class FilterForm(forms.Form):
    """The filter form; its field names are the GET parameters."""

    q = forms.CharField(
        label="Sökord",
        required=False,
        widget=SearchInput(attrs={"maxlength": fulltext.MAX_QUERY_LENGTH}),
    )
    kommun = OptionField("Gäller för kommun", "Kommunen ”{}” " + NOT_USED)
    typ = OptionField("Dokumenttyp", "Dokumenttypen ”{}” " + NOT_USED)
    omrade = OptionField("Område", "Området ”{}” " + NOT_USED)
    niva = OptionField(
        "Nivå",
        "Nivån ”{}” " + NOT_USED,
        [("", "Alla nivåer")] + [(key, level.label) for key, level in LEVEL_PARAMS.items()],
    )
    sektion = OptionField("Ägare", "Sektionen ”{}” " + NOT_USED)
    beslut = OptionField("Beslutsinstans", "Beslutsinstansen ”{}” " + NOT_USED)
    status = OptionField(
        "Status", "Statusen ”{}” finns inte. Listan visar det som gäller i dag.", STATUS_CHOICES
    )
    sortering = OptionField("Sortering", "Sorteringen ”{}” finns inte. Standardordningen används.")

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, auto_id="filter-%s", label_suffix="", **kwargs)
        self.notices = []
        for name, all_label in ALL_LABELS.items():
            self.fields[name].choices = [("", all_label)] + [
                (value, str(option)) for value, option in options[name].items()
            ]
        self.fields["kommun"].aliases = {m.slug: name for name, m in options["kommun"].items()}
        default_order = "Bäst träff först" if self.initial.get("q") else "Titel A–Ö"
        self.fields["sortering"].choices = [("", default_order), *SORT_CHOICES]

    def clean_q(self):
        q, shortened = fulltext.clean(self.cleaned_data["q"])
        if q and not fulltext.words(q):
            raise ValidationError("Söktexten innehöll inga ord att söka på och användes inte.")
        if shortened:
            self.notices.append(fulltext.SHORTENED)
        return q


class RegisterFilter:
    """The filters a request asks for: the valid ones as canonical GET parameters
    (``params``, for links and cache keys) and as what they name, notices about the rest,
    and the form that shows them."""

    def __init__(self, query_dict):
        options = filter_options()
        # Control characters (NUL and friends) can never be part of a real value.
        data = {
            name: "".join(ch for ch in query_dict.get(name, "") if ch.isprintable())
            for name in FilterForm.base_fields
        }
        form = FilterForm(data, options=options)
        form.is_valid()
        errors = [notice for field_errors in form.errors.values() for notice in field_errors]
        self.notices = form.notices + errors
        self.params = {name: value for name, value in form.cleaned_data.items() if value}
        self.form = FilterForm(initial=self.params, options=options)
        self.q = self.params.get("q", "")
        self.municipality = options["kommun"].get(self.params.get("kommun"))
        self.document_type = options["typ"].get(self.params.get("typ"))
        self.topic = options["omrade"].get(self.params.get("omrade"))
        self.level = LEVEL_PARAMS.get(self.params.get("niva"))
        self.section = options["sektion"].get(self.params.get("sektion"))
        self.decision_body = options["beslut"].get(self.params.get("beslut"))
        self.status = self.params.get("status", "")
        self.sort = self.params.get("sortering", "")

    @property
    def title_order(self):
        """Whether the rows come in title order: chosen, or the default without a search
        (``apply`` and the API's cursor both ask this)."""
        return self.sort not in ORDERINGS and (not self.q or bool(self.sort))

    @property
    def is_filtered(self):
        return bool(self.params)

    @property
    def status_label(self):
        return dict(STATUS_CHOICES)[self.status]

    @property
    def summary(self):
        """The chosen filters in words, for the page title: "kommun Lerum, typ Riktlinje"."""
        named = [
            ("sökord", f"”{self.q}”" if self.q else None),
            ("kommun", self.municipality and self.municipality.name),
            ("typ", self.document_type and self.document_type.name),
            ("område", self.topic and self.topic.name),
            ("nivå", self.level and self.level.label),
            ("ägare", self.section and self.section.short_name),
            ("beslut", self.decision_body and self.decision_body.name),
            ("status", self.status and self.status_label.lower()),
        ]
        return ", ".join(f"{label} {value}" for label, value in named if value)

    def apply(self):
        """The published agreements that match, annotated with ``status_code``, in the
        chosen order (by relevance for a search without one, else by title)."""
        today = timezone.localdate()
        conditions = {
            "document_type": self.document_type,
            "topics": self.topic,
            "level": self.level,
            "section": self.section,
            "decided_by": self.decision_body,
        }
        qs = Agreement.objects.public().with_status(today)
        qs = qs.filter(**{name: value for name, value in conditions.items() if value})
        if self.municipality:
            qs = qs.filter(applicable_condition(self.municipality))
        if self.status == "revidering":
            qs = qs.filter(under_revision=True)
        elif self.status != "alla":
            qs = qs.with_status_code(self.status or Status.IN_FORCE, today)
        ranking = search_agreement_ids(self.q) if self.q else None
        if ranking is not None:
            qs = qs.filter(pk__in=ranking)
        title = "title_order"
        if self.sort in ORDERINGS:
            return qs.order_by(ORDERINGS[self.sort], title)
        if self.title_order:
            return qs.order_by(title, "pk")
        # Each row's place in the ranking: one expression, not a CASE of hundreds of branches
        # that Django compiles one by one.
        ranks = Value(ranking, output_field=ArrayField(BigIntegerField()))
        rank = Func(ranks, "pk", function="array_position", output_field=IntegerField())
        return qs.order_by(rank, title)
