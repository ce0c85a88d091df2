"""The register's part of a municipality's page (``/kommun/<namn>/``): exactly what the
register lists for ``?kommun=<namn>`` (in force today), grouped by level and topic."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.template.loader import render_to_string

from .filters import RegisterFilter
from .models import AgreementIndexPage, Level, Topic

ROW_FIELDS = (
    "title",
    "slug",
    "level",
    "valid_from",
    "valid_to",
    "under_revision",
    "document_type__name",
)
NO_TOPIC = "Övriga"


@dataclass
class TopicGroup:
    name: str
    agreements: list = field(default_factory=list)


@dataclass
class LevelGroup:
    level: Level
    heading: str
    topics: list = field(default_factory=list)
    count: int = 0


def applicable_agreements(municipality):
    """The register's list for the municipality (the same filter, so the same rows), with
    their document types and topics."""
    register_filter = RegisterFilter({"kommun": municipality.name})
    return list(
        register_filter.apply()
        .select_related("document_type")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("name", "sort_order")))
        .only(*ROW_FIELDS)
    )


def group_by_level_and_topic(agreements, municipality):
    """Levels in the register's order (county, subregional, local); within a level one
    group per topic, each agreement once, under its first topic (in the editors' order of
    topics; its other topics are named on its row), those without a topic last."""
    headings = {
        Level.COUNTY: "Gäller i hela länet",
        Level.SUBREGIONAL: f"Gäller i {municipality.section.short_name}",
        Level.LOCAL: f"Lokala avtal för {municipality.name}",
    }
    groups = []
    for level in Level:
        of_level = [a for a in agreements if a.level == level]
        if not of_level:
            continue
        topics = {}
        for agreement in of_level:
            agreement.topic_names = [
                t.name for t in sorted(agreement.topics.all(), key=lambda t: (t.sort_order, t.name))
            ]
            first = agreement.topic_names[0] if agreement.topic_names else NO_TOPIC
            topics.setdefault(first, TopicGroup(first)).agreements.append(agreement)
        ordered = sorted(topics.values(), key=lambda g: (g.name == NO_TOPIC, g.name))
        groups.append(LevelGroup(level, headings[level], ordered, len(of_level)))
    return groups


def municipality_agreements_panel(request, municipality):
    index_page = AgreementIndexPage.for_request(request)
    if index_page is None:
        return ""
    agreements = applicable_agreements(municipality)
    query = urlencode({"kommun": municipality.name})
    context = {
        "municipality": municipality,
        "count": len(agreements),
        "levels": group_by_level_and_topic(agreements, municipality),
        "register_url": index_page.register_url,
        "query": query,
        "all_statuses_query": urlencode({"kommun": municipality.name, "status": "alla"}),
    }
    return render_to_string("agreements/municipality_panel.html", context, request)
