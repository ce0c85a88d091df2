"""The site search's part of ``setup_site``: abbreviations and document texts.

Idempotent, and it never undoes an editor's work: the abbreviations are seeded only into an
empty list (so one the kommunikatör deleted does not come back).
"""

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


def ensure_search(report):
    ensure_synonyms(report)
    ensure_document_texts(report)
