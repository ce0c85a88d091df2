"""Import of agreements from CSV (moving the old subregional sites' agreements in).

The whole file is validated before anything is written: one bad row means nothing is
imported, so an import can be fixed and re-run without cleaning up half-imported data.
Rows are matched on ``Kortadress`` (the agreement's slug), so importing the same file again
updates instead of duplicating. Column names match the register's CSV export, so an export
can be edited in a spreadsheet and imported back. See docs/agreements-import.md.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction

from pages.models import Municipality, SectionPage

from .models import (
    RESERVED_SLUGS,
    Agreement,
    DecisionBody,
    DocumentType,
    Level,
    Topic,
)

REQUIRED = ["Kortadress", "Titel", "Dokumenttyp", "Nivå", "Ägare", "Sammanfattning"]
OPTIONAL = [
    "Gäller för kommuner",
    "Parter",
    "Områden",
    "Beslutsinstans",
    "Beslutsdatum",
    "Diarienummer",
    "Gäller från",
    "Gäller till",
    "Revideras senast",
    "Ersätter",
    "Lagrum",
    "Under revidering",
]
# Columns the export writes that are derived, not data: accepted and ignored on import.
DERIVED = ["Status", "Giltighet", "Ersatt av", "Adress"]
ALL_MEANS_EMPTY = {"", "alla 49 kommuner", "hela sektionen", "alla"}
UNTIL_FURTHER_NOTICE = {"", "tills vidare"}
YES = {"ja", "j", "yes", "true", "1", "x"}
NO = {"nej", "n", "no", "false", "0", ""}
LEVEL_VALUES = {
    "länsnivå": Level.COUNTY,
    "lan": Level.COUNTY,
    "län": Level.COUNTY,
    "county": Level.COUNTY,
    "delregional nivå": Level.SUBREGIONAL,
    "delregional": Level.SUBREGIONAL,
    "subregional": Level.SUBREGIONAL,
    "lokal nivå": Level.LOCAL,
    "lokal": Level.LOCAL,
    "local": Level.LOCAL,
}
MAX_LENGTHS = {
    "Titel": 255,
    "Kortadress": 120,
    "Parter": 300,
    "Diarienummer": 100,
    "Lagrum": 300,
    "Sammanfattning": 2000,
}


class ImportFileError(Exception):
    """The file itself cannot be read (encoding, missing columns, empty)."""


@dataclass
class ParsedRow:
    number: int
    slug: str
    fields: dict
    topics: list
    municipalities: list
    replaces_slug: str = ""


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


def read_rows(raw: bytes):
    """Decode (UTF-8, with or without BOM, else Windows-1252 as older Excel writes) and
    split with the delimiter the file uses (semicolon or comma)."""
    if not raw.strip():
        raise ImportFileError("Filen är tom.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = headers
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        raise ImportFileError(
            "Kolumner saknas: " + ", ".join(missing) + ". Se docs/agreements-import.md."
        )
    unknown = [h for h in headers if h and h not in REQUIRED + OPTIONAL + DERIVED]
    if unknown:
        raise ImportFileError(
            "Okända kolumner: " + ", ".join(unknown) + ". Se docs/agreements-import.md."
        )
    return list(reader)


class Lookups:
    """Every name the file may refer to, loaded once (names and slugs, case-insensitive)."""

    def __init__(self):
        self.types = _index(DocumentType.objects.all())
        self.topics = _index(Topic.objects.all())
        self.bodies = _index(DecisionBody.objects.all())
        self.sections = {}
        for section in SectionPage.objects.all():
            for key in (section.short_name, section.slug, section.title):
                self.sections[key.casefold()] = section
        self.municipalities = {}
        for m in Municipality.objects.all():
            self.municipalities[m.name.casefold()] = m
            self.municipalities[m.slug] = m
        self.existing_slugs = set(Agreement.objects.values_list("slug", flat=True))


def _index(queryset):
    index = {}
    for term in queryset:
        index[term.name.casefold()] = term
        index[term.slug.casefold()] = term
    return index


def _split(value):
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def _date(value, column, errors):
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors.append(f"{column} ”{value[:40]}” är inte ett datum (skriv ÅÅÅÅ-MM-DD).")
        return None


def parse_row(number, row, lookups):
    """Validate one row; return (ParsedRow or None, list of Swedish error messages)."""
    errors = []

    def cell(column):
        return "".join(ch for ch in (row.get(column) or "") if ch.isprintable()).strip()

    for column in REQUIRED:
        if not cell(column):
            errors.append(f"{column} saknas.")
    for column, limit in MAX_LENGTHS.items():
        if len(cell(column)) > limit:
            errors.append(f"{column} är för lång ({len(cell(column))} tecken, högst {limit}).")

    slug = cell("Kortadress").casefold()
    if slug:
        try:
            validate_slug(slug)
        except ValidationError:
            errors.append(f"Kortadress ”{slug[:40]}” får bara innehålla a–z, siffror, - och _.")
        if slug in RESERVED_SLUGS:
            errors.append(f"Kortadress ”{slug}” är reserverad för registret.")

    document_type = lookups.types.get(cell("Dokumenttyp").casefold())
    if cell("Dokumenttyp") and document_type is None:
        errors.append(f"Okänd dokumenttyp ”{cell('Dokumenttyp')[:40]}”.")

    level = LEVEL_VALUES.get(cell("Nivå").casefold())
    if cell("Nivå") and level is None:
        errors.append(
            f"Okänd nivå ”{cell('Nivå')[:40]}” (Länsnivå, Delregional nivå eller Lokal nivå)."
        )

    section = lookups.sections.get(cell("Ägare").casefold())
    if cell("Ägare") and section is None:
        errors.append(f"Okänd sektion ”{cell('Ägare')[:40]}” som ägare.")

    topics = []
    for name in _split(cell("Områden")):
        topic = lookups.topics.get(name.casefold())
        if topic is None:
            errors.append(f"Okänt område ”{name[:40]}”.")
        else:
            topics.append(topic)

    municipalities = []
    if cell("Gäller för kommuner").casefold() not in ALL_MEANS_EMPTY:
        for name in _split(cell("Gäller för kommuner")):
            municipality = lookups.municipalities.get(name.casefold())
            if municipality is None:
                errors.append(f"Okänd kommun ”{name[:40]}”.")
            elif (
                section is not None
                and not section.is_county
                and municipality.section_id != section.pk
            ):
                errors.append(
                    f"Kommunen {municipality.name} hör inte till ägaren {section.short_name}."
                )
            else:
                municipalities.append(municipality)

    decided_by = None
    if cell("Beslutsinstans"):
        decided_by = lookups.bodies.get(cell("Beslutsinstans").casefold())
        if decided_by is None:
            errors.append(f"Okänd beslutsinstans ”{cell('Beslutsinstans')[:40]}”.")

    decided_on = _date(cell("Beslutsdatum"), "Beslutsdatum", errors)
    valid_from = _date(cell("Gäller från"), "Gäller från", errors)
    valid_to = None
    if cell("Gäller till").casefold() not in UNTIL_FURTHER_NOTICE:
        valid_to = _date(cell("Gäller till"), "Gäller till", errors)
    review_by = _date(cell("Revideras senast"), "Revideras senast", errors)
    if valid_from and valid_to and valid_to < valid_from:
        errors.append("Gäller till ligger före Gäller från.")

    revision_flag = cell("Under revidering").casefold()
    if revision_flag not in YES | NO:
        errors.append(f"Under revidering ska vara Ja eller Nej, inte ”{revision_flag[:20]}”.")

    replaces_slug = cell("Ersätter").casefold()
    if replaces_slug and replaces_slug == slug:
        errors.append("Ett avtal kan inte ersätta sig självt.")

    if errors:
        return None, errors
    return (
        ParsedRow(
            number=number,
            slug=slug,
            fields={
                "title": cell("Titel"),
                "document_type": document_type,
                "level": level,
                "section": section,
                "parties": cell("Parter"),
                "decided_by": decided_by,
                "decided_on": decided_on,
                "registration_number": cell("Diarienummer"),
                "valid_from": valid_from,
                "valid_to": valid_to,
                "review_by": review_by,
                "legal_basis": cell("Lagrum"),
                "under_revision": revision_flag in YES,
                "summary": cell("Sammanfattning"),
            },
            topics=topics,
            municipalities=municipalities,
            replaces_slug=replaces_slug,
        ),
        [],
    )


def validate(raw: bytes, progress=None):
    """Parse and validate the whole file. Errors are (row number, message) pairs; the row
    number is the line in the file, counting the header as line 1."""
    result = ImportResult()
    rows = read_rows(raw)
    lookups = Lookups()
    seen = {}
    for index, row in enumerate(rows):
        number = index + 2
        if progress:
            progress(index + 1, len(rows))
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue  # blank line
        if None in row:  # more cells than headers
            result.errors.append((number, "Raden har fler värden än det finns kolumner."))
            continue
        parsed, errors = parse_row(number, row, lookups)
        result.errors.extend((number, message) for message in errors)
        if parsed is None:
            continue
        if parsed.slug in seen:
            result.errors.append(
                (number, f"Kortadress ”{parsed.slug}” förekommer redan på rad {seen[parsed.slug]}.")
            )
            continue
        seen[parsed.slug] = number
        result.rows.append(parsed)
    known = lookups.existing_slugs | set(seen)
    for parsed in result.rows:
        if parsed.replaces_slug and parsed.replaces_slug not in known:
            result.errors.append(
                (parsed.number, f"Ersätter ”{parsed.replaces_slug}”, som inte finns.")
            )
    if not rows:
        raise ImportFileError("Filen har rubriker men inga rader.")
    result.errors.sort()
    return result


def _unchanged(agreement, parsed):
    for name, value in parsed.fields.items():
        if getattr(agreement, name) != value:
            return False
    return (
        {t.pk for t in agreement.topics.all()} == {t.pk for t in parsed.topics}
        and {m.pk for m in agreement.municipalities.all()} == {m.pk for m in parsed.municipalities}
        and (agreement.replaces.slug if agreement.replaces_id else "") == parsed.replaces_slug
    )


@transaction.atomic
def apply(result):
    """Write validated rows: create new agreements, update changed ones, publish both."""
    existing = {
        a.slug: a
        for a in Agreement.objects.filter(slug__in=[r.slug for r in result.rows]).select_related(
            "replaces"
        )
    }
    saved = {}
    for parsed in result.rows:
        agreement = existing.get(parsed.slug)
        if agreement is not None and _unchanged(agreement, parsed):
            result.unchanged.append(parsed.slug)
            saved[parsed.slug] = agreement
            continue
        is_new = agreement is None
        agreement = agreement or Agreement(slug=parsed.slug)
        for name, value in parsed.fields.items():
            setattr(agreement, name, value)
        agreement.topics = parsed.topics
        agreement.municipalities = parsed.municipalities
        agreement.save()
        saved[parsed.slug] = agreement
        (result.created if is_new else result.updated).append(parsed.slug)
    # Second pass: version chains may point at rows later in the same file.
    for parsed in result.rows:
        agreement = saved[parsed.slug]
        replaces = None
        if parsed.replaces_slug:
            replaces = saved.get(parsed.replaces_slug) or Agreement.objects.get(
                slug=parsed.replaces_slug
            )
        if agreement.replaces_id != (replaces.pk if replaces else None):
            agreement.replaces = replaces
            agreement.save(update_fields=["replaces"])
            if parsed.slug in result.unchanged:
                result.unchanged.remove(parsed.slug)
                result.updated.append(parsed.slug)
    for slug in result.created + result.updated:
        saved[slug].save_revision().publish()
    return result
