"""CSV export and Atom feed of the register (the JSON API is in ``api.py``).

The CSV columns are the import's columns (plus a few derived ones the import ignores), so
an export can be corrected in a spreadsheet and imported back with import_agreements.
"""

import csv
import datetime
import itertools
from collections import defaultdict
from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from .filters import RegisterFilter
from .models import Agreement, Level, Stage, Status
from .models.agreement import applicable_condition
from .models.life import DecisionProgress, municipality_counts
from .validity import validity_text

CSV_COLUMNS = [
    "Kortadress",
    "Titel",
    "Dokumenttyp",
    "Nivå",
    "Ägare",
    "Gäller för kommuner",
    "Parter",
    "Områden",
    "Beslutsinstans",
    "Beslutsdatum",
    "Diarienummer",
    "Gäller från",
    "Gäller till",
    "Revideras senast",
    "Status",
    "Giltighet",
    "Under revidering",
    "Sista dag för remissvar",
    "Partsbeslut",
    "Ersätter",
    "Ersatt av",
    "Vad är nytt",
    "Lagrum",
    "Sammanfattning",
    "Adress",
]

# Spreadsheet programs treat a leading =, +, - or @ as a formula (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text


def _date(value):
    return value.isoformat() if value else ""


# Rows read from the database at a time: the export streams, so memory holds one chunk
# (and its relations), however many agreements there are.
CHUNK_SIZE = 1000

COLUMNS = (
    "pk",
    "slug",
    "title",
    "document_type__name",
    "level",
    "section__short_name",
    "parties",
    "decided_by__name",
    "decided_on",
    "registration_number",
    "valid_from",
    "valid_to",
    "review_by",
    "status_code",
    "successor_from",
    "under_revision",
    "stage",
    "consultation_deadline",
    "needs_party_decisions",
    "decision_count",
    "named_count",
    "section_id",
    "replaces__slug",
    "replaces__live",
    "whats_new",
    "legal_basis",
    "summary",
)


def _progress(value, party_counts):
    """``Agreement.decision_progress`` from a row's values ("38 av 50 parter har
    beslutat"), empty when the agreement does not need each party's decision."""
    if not value["needs_party_decisions"]:
        return ""
    scope = None if value["level"] == Level.COUNTY else value["section_id"]
    parties = 1 + (value["named_count"] or party_counts.get(scope, 0))
    return DecisionProgress(value["decision_count"], parties).text


def _names_by_agreement(rows):
    names = defaultdict(list)
    for agreement_id, name in rows:
        names[agreement_id].append(name)
    return names


def _validity(value):
    """The validity text (``agreements.validity``) from a row's values: what it reads of an
    agreement, without building one (a modelcluster instance per row doubled the export's
    time). ``replaced_on`` as ``Agreement.replaced_on`` works it out."""
    successor_from = value["successor_from"]
    return validity_text(
        SimpleNamespace(
            status=Status(value["status_code"]),
            valid_from=value["valid_from"],
            valid_to=value["valid_to"],
            replaced_on=successor_from - datetime.timedelta(days=1) if successor_from else None,
        )
    )


def export_rows(index_page, queryset):
    """The rows of the export, one per agreement: plain values rather than model instances
    (a row costs a tuple, not an agreement with its relation managers), and for each chunk
    of CHUNK_SIZE rows its topics, municipalities and successors in three queries."""
    base_url = index_page.full_url
    party_counts = municipality_counts()
    rows = queryset.with_decision_progress().values_list(*COLUMNS).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        ids = [row[0] for row in chunk]
        through = Agreement.topics.through.objects.filter(agreement_id__in=ids)
        topics = _names_by_agreement(
            through.order_by("topic__sort_order", "topic__name").values_list(
                "agreement_id", "topic__name"
            )
        )
        through = Agreement.municipalities.through.objects.filter(agreement_id__in=ids)
        municipalities = _names_by_agreement(
            through.order_by("municipality__name").values_list("agreement_id", "municipality__name")
        )
        successors = _names_by_agreement(
            Agreement.objects.filter(replaces_id__in=ids, live=True, stage=Stage.DECIDED)
            .order_by("title")
            .values_list("replaces_id", "slug")
        )
        for row in chunk:
            value = dict(zip(COLUMNS, row, strict=True))
            pk, level = value["pk"], value["level"]
            yield [
                value["slug"],
                value["title"],
                value["document_type__name"],
                Level(level).label,
                value["section__short_name"],
                ", ".join(municipalities[pk])
                or ("Alla 49 kommuner" if level == Level.COUNTY else "Hela sektionen"),
                value["parties"],
                ", ".join(topics[pk]),
                value["decided_by__name"] or "",
                _date(value["decided_on"]),
                value["registration_number"],
                _date(value["valid_from"]),
                _date(value["valid_to"]) or "Tills vidare",
                _date(value["review_by"]),
                Status(value["status_code"]).label,
                _validity(value),
                "Ja" if value["under_revision"] else "Nej",
                _date(value["consultation_deadline"])
                if value["stage"] == Stage.CONSULTATION
                else "",
                _progress(value, party_counts),
                value["replaces__slug"] if value["replaces__live"] else "",
                ", ".join(successors[pk]),
                value["whats_new"],
                value["legal_basis"],
                value["summary"],
                f"{base_url}{value['slug']}/",
            ]


class _Line:
    """What ``csv.writer`` writes to: hands each formatted line back instead of keeping it."""

    def write(self, line):
        return line


# Characters handed to the server at a time: one write per row would cost the server a
# system call (and a chunk header) per agreement.
WRITE_SIZE = 64 * 1024


def csv_lines(index_page, queryset):
    """The export's text in pieces of about WRITE_SIZE characters."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)  # at once: the download starts
    lines, size = [], 0
    for row in export_rows(index_page, queryset):
        line = writer.writerow([_cell(value) for value in row])
        lines.append(line)
        size += len(line)
        if size >= WRITE_SIZE:
            yield "".join(lines)
            lines, size = [], 0
    if lines:
        yield "".join(lines)


def csv_response(index_page, request):
    """The filtered register as CSV that Excel opens correctly, streamed: the first rows
    leave while later ones are still being read, and memory does not grow with the count.

    UTF-8 with a byte-order mark (so å, ä, ö survive) and semicolons as separators (what
    Swedish Excel expects, since the comma is the decimal separator).
    """
    register_filter = RegisterFilter(request.GET)
    response = StreamingHttpResponse(
        csv_lines(index_page, register_filter.apply()), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="avtal-{stamp}.csv"'
    return response


class AgreementFeed(Feed):
    """Atom feed of the most recently published agreements."""

    feed_type = Atom1Feed
    site_title = "Avtal och överenskommelser – Vårdsamverkan i Västra Götaland"
    subtitle = "Nya och ändrade avtal och överenskommelser mellan regionen och kommunerna."
    limit = 30

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def get_object(self, request, *args, **kwargs):
        """``?kommun=<namn>``: only what applies to that municipality (an unknown name is
        ignored, as in the register)."""
        return RegisterFilter({"kommun": request.GET.get("kommun", "")}).municipality

    def title(self, municipality=None):
        if municipality is None:
            return self.site_title
        return f"Avtal och överenskommelser för {municipality.name} – Vårdsamverkan"

    def link(self, municipality=None):
        if municipality is None:
            return self.index_page.url
        return f"{self.index_page.url}?{urlencode({'kommun': municipality.name})}"

    def items(self, municipality=None):
        agreements = Agreement.objects.public().with_status()
        if municipality is not None:
            agreements = agreements.filter(applicable_condition(municipality))
        return agreements.select_related("document_type").order_by("-last_published_at")[
            : self.limit
        ]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return (
            f"{item.document_type.name} · {item.status.label} · {item.validity_text}. "
            f"{item.summary}"
        )

    def item_link(self, item):
        return self.index_page.agreement_url(item)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.document_type.name]


def atom_feed(index_page, request):
    return AgreementFeed(index_page)(request)
