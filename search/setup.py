"""The site search's part of ``setup_site``: abbreviations, document texts, demo promotions.

Idempotent, and it never undoes an editor's work: the abbreviations are seeded only into an
empty list (so one the kommunikatör deleted does not come back), and a demo promotion only
for a query that has no record yet.
"""

from django.apps import apps
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model

from .models import Synonym

# Abbreviations staff use every day, and what they stand for.
SYNONYMS = [
    ("SIP", ["samordnad individuell plan"]),
    ("VVG", ["Vårdsamverkan Västra Götaland"]),
    ("SRO", ["politiskt samrådsorgan", "samrådsorganet"]),
    ("HSL", ["hälso- och sjukvårdslagen"]),
    ("SoL", ["socialtjänstlagen"]),
    ("LGS", ["ledningsgrupp för samverkan"]),
    ("LSS", ["lagen om stöd och service till vissa funktionshindrade"]),
    ("LPT", ["lagen om psykiatrisk tvångsvård"]),
    ("DPS", ["delregionalt politiskt samråd"]),
    ("PSG", ["politisk samrådsgrupp"]),
    ("NOSAM", ["närområdessamverkan"]),
    ("FVM", ["framtidens vårdinformationsmiljö"]),
    ("SÄS", ["Södra Älvsborgs sjukhus"]),
    ("VästKom", ["Västsvenska kommunalförbundens samorganisation"]),
]


def ensure_synonyms(report):
    if Synonym.objects.exists():
        return
    for term, alternatives in SYNONYMS:
        Synonym.objects.create(term=term, alternatives="\n".join(alternatives))
        report.add("förkortning", term)


def ensure_document_texts(report):
    """Documents uploaded before this app existed get their text extracted too."""
    from .tasks import extract_document_text

    missing = (
        get_document_model().objects.filter(search_text__isnull=True).values_list("pk", flat=True)
    )
    count = 0
    for pk in missing:
        extract_document_text.enqueue(pk)
        count += 1
    if count:
        report.add("textutdrag", f"{count} dokument köade")


def _page(model_label, **filters):
    try:
        model = apps.get_model(model_label)
    except LookupError:
        return None
    return model.objects.live().filter(**filters).order_by("path").first()


def demo_promotions():
    """(query, page, description) for the demo: the most common queries."""
    return [
        (
            "sip",
            _page("pages.ContentPage", title__icontains="samordnad individuell plan"),
            "Vad en SIP är, när den görs och hur kommun och region samarbetar kring den.",
        ),
        (
            "avtal",
            _page("agreements.AgreementIndexPage"),
            "Alla avtal och överenskommelser mellan regionen och kommunerna, med filter.",
        ),
        (
            "lägesrapport",
            _page("pages.StatusReportIndexPage"),
            "Kommun-FVM:s månatliga lägesrapporter.",
        ),
    ]


def ensure_promotions(report):
    for query_string, page, description in demo_promotions():
        if page is None:
            continue
        query, created = Query.objects.get_or_create(query_string=query_string)
        if created:
            SearchPromotion.objects.create(
                query=query, page=page, description=description, sort_order=0
            )
            report.add("rekommenderat sökresultat", f"{query_string} → {page.title}")


def ensure_search(report, demo=False):
    ensure_synonyms(report)
    ensure_document_texts(report)
    if demo:
        ensure_promotions(report)
