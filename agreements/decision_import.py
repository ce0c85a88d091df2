"""Import of each party's decision on an agreement from CSV.

Validated like the agreement import (``agreements.importing``, whose file reading it
shares): the whole file first, and one bad row means nothing is imported. Rows are
matched on agreement and party, so importing the same file again updates instead of
duplicating. See docs/agreements-import.md.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model

from pages.models import Municipality

from .importing import ImportFileError, _date, _index, read_rows
from .models import REGION, Agreement, Decision, DecisionBody

REQUIRED = ["Avtal", "Part", "Beslutande organ", "Beslutsdatum"]
OPTIONAL = ["Paragraf eller diarienummer", "Dokument-id"]
REGION_NAMES = {REGION.casefold(), "regionen", "vgr", "region"}
GUIDE = "docs/agreements-import.md"


@dataclass
class ParsedDecision:
    number: int
    agreement: Agreement
    municipality: Municipality | None
    fields: dict


@dataclass
class DecisionImportResult:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


class Lookups:
    """The agreements that need decisions, their parties, bodies and municipalities."""

    def __init__(self):
        self.agreements = {a.slug: a for a in Agreement.objects.all()}
        self.bodies = _index(DecisionBody.objects.all())
        self.municipalities = {}
        for m in Municipality.objects.all():
            self.municipalities[m.name.casefold()] = m
            self.municipalities[m.slug] = m
        self.parties = {}

    def parties_of(self, agreement):
        if agreement.pk not in self.parties:
            self.parties[agreement.pk] = {m.pk for m in agreement.decision_parties()}
        return self.parties[agreement.pk]


def parse_row(number, row, lookups, today):
    """Validate one row; return (ParsedDecision or None, list of Swedish error messages)."""
    errors = []

    def cell(column):
        return "".join(ch for ch in (row.get(column) or "") if ch.isprintable()).strip()

    for column in REQUIRED:
        if not cell(column):
            errors.append(f"{column} saknas.")

    agreement = None
    if cell("Avtal"):
        agreement = lookups.agreements.get(cell("Avtal").casefold())
        if agreement is None:
            errors.append(f"Det finns inget avtal med kortadressen ”{cell('Avtal')[:60]}”.")
        elif not agreement.needs_party_decisions:
            errors.append(
                f"Avtalet ”{agreement.slug}” kräver inte beslut av varje part "
                "(markera det i avtalets uppgifter först)."
            )
            agreement = None

    municipality = None
    party = cell("Part")
    if party and party.casefold() not in REGION_NAMES:
        municipality = lookups.municipalities.get(party.casefold())
        if municipality is None:
            errors.append(f"Okänd part ”{party[:40]}” (en kommun eller {REGION}).")
        elif agreement is not None and municipality.pk not in lookups.parties_of(agreement):
            errors.append(f"{municipality.name} är inte part i avtalet ”{agreement.slug}”.")

    body = None
    if cell("Beslutande organ"):
        body = lookups.bodies.get(cell("Beslutande organ").casefold())
        if body is None:
            errors.append(f"Okänt beslutande organ ”{cell('Beslutande organ')[:40]}”.")

    decided_on = _date(cell("Beslutsdatum"), "Beslutsdatum", errors)
    if decided_on and decided_on > today:
        errors.append(f"Beslutsdatum {decided_on.isoformat()} ligger i framtiden.")

    reference = cell("Paragraf eller diarienummer")
    if len(reference) > 100:
        errors.append(
            f"Paragraf eller diarienummer är för lång ({len(reference)} tecken, högst 100)."
        )

    document = None
    if cell("Dokument-id"):
        document_id = cell("Dokument-id")
        if document_id.isdigit():
            document = get_document_model().objects.filter(pk=int(document_id)).first()
        if document is None:
            errors.append(f"Det finns inget dokument med id ”{document_id[:20]}”.")

    if errors:
        return None, errors
    return (
        ParsedDecision(
            number,
            agreement,
            municipality,
            {"body": body, "decided_on": decided_on, "reference": reference, "document": document},
        ),
        [],
    )


def validate(raw: bytes, today=None):
    """Parse and validate the whole file; errors are (line in the file, message)."""
    today = today or timezone.localdate()
    result = DecisionImportResult()
    rows = read_rows(raw, required=REQUIRED, known=REQUIRED + OPTIONAL, guide=GUIDE)
    if not rows:
        raise ImportFileError("Filen har rubriker men inga rader.")
    lookups = Lookups()
    seen = {}
    for index, row in enumerate(rows):
        number = index + 2
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        if None in row:
            result.errors.append((number, "Raden har fler värden än det finns kolumner."))
            continue
        parsed, errors = parse_row(number, row, lookups, today)
        result.errors.extend((number, message) for message in errors)
        if parsed is None:
            continue
        key = (parsed.agreement.pk, parsed.municipality.pk if parsed.municipality else None)
        if key in seen:
            result.errors.append((number, f"Samma part och avtal finns redan på rad {seen[key]}."))
            continue
        seen[key] = number
        result.rows.append(parsed)
    result.errors.sort()
    return result


@transaction.atomic
def apply(result):
    """Write validated rows: create new decisions and update changed ones."""
    existing = {
        (d.agreement_id, d.municipality_id): d
        for d in Decision.objects.filter(agreement__in={r.agreement.pk for r in result.rows})
    }
    for parsed in result.rows:
        label = f"{parsed.agreement.slug}: {parsed.municipality or REGION}"
        decision = existing.get((parsed.agreement.pk, getattr(parsed.municipality, "pk", None)))
        if decision is not None and all(
            getattr(decision, name) == value for name, value in parsed.fields.items()
        ):
            result.unchanged.append(label)
            continue
        is_new = decision is None
        decision = decision or Decision(
            agreement=parsed.agreement, municipality=parsed.municipality
        )
        for name, value in parsed.fields.items():
            setattr(decision, name, value)
        decision.save()
        (result.created if is_new else result.updated).append(label)
    return result
