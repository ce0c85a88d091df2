"""CSV export and Atom feed of the register (the JSON API is in ``api.py``).

The CSV columns are the import's columns (plus a few derived ones the import ignores), so
an export can be corrected in a spreadsheet and imported back with import_agreements.
"""

import csv
import io

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from .filters import RegisterFilter
from .models import Agreement, Level

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
    "Ersätter",
    "Ersatt av",
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


def export_rows(index_page, queryset):
    """The rows of the export, one per agreement (three queries whatever the size)."""
    queryset = queryset.select_related(
        "document_type", "section", "decided_by", "replaces"
    ).prefetch_related("topics", "municipalities", "replaced_by")
    base_url = index_page.full_url
    for agreement in queryset:
        successors = [a.slug for a in agreement.replaced_by.all() if a.live]
        yield [
            agreement.slug,
            agreement.title,
            agreement.document_type.name,
            Level(agreement.level).label,
            agreement.section.short_name,
            ", ".join(m.name for m in agreement.municipalities.all())
            or ("Alla 49 kommuner" if agreement.level == Level.COUNTY else "Hela sektionen"),
            agreement.parties,
            ", ".join(t.name for t in agreement.topics.all()),
            agreement.decided_by.name if agreement.decided_by else "",
            _date(agreement.decided_on),
            agreement.registration_number,
            _date(agreement.valid_from),
            _date(agreement.valid_to) or "Tills vidare",
            _date(agreement.review_by),
            agreement.status.label,
            agreement.validity_text,
            "Ja" if agreement.under_revision else "Nej",
            agreement.replaces.slug if agreement.replaces and agreement.replaces.live else "",
            ", ".join(successors),
            agreement.legal_basis,
            agreement.summary,
            f"{base_url}{agreement.slug}/",
        ]


def csv_response(index_page, request):
    """The filtered register as CSV that Excel opens correctly.

    UTF-8 with a byte-order mark (so å, ä, ö survive) and semicolons as separators (what
    Swedish Excel expects, since the comma is the decimal separator).
    """
    register_filter = RegisterFilter(request.GET)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in export_rows(index_page, register_filter.apply()):
        writer.writerow([_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="avtal-{stamp}.csv"'
    return response


class AgreementFeed(Feed):
    """Atom feed of the most recently published agreements."""

    feed_type = Atom1Feed
    title = "Avtal och överenskommelser – Vårdsamverkan i Västra Götaland"
    subtitle = "Nya och ändrade avtal och överenskommelser mellan regionen och kommunerna."
    limit = 30

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def link(self):
        return self.index_page.url

    def items(self):
        return (
            Agreement.objects.public()
            .with_status()
            .select_related("document_type")
            .order_by("-last_published_at")[: self.limit]
        )

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
