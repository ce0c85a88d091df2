"""The organisation chart, generated from the page tree: county level above the six
subregions, each with its groups by type (in the order of ``GroupPage.GroupType``).

One query (sections and the groups shown together); the templates show
it as nested lists styled as a chart (``includes/org_chart.html``), so it reads as a list
without styles, prints, and every box is a link.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import Left, RowNumber
from wagtail.models import Page

from core.caching import cached
from core.visibility import public_q

from .models import GroupPage, SectionPage

# On a chart a type lists at most this many groups, then links to the section for the rest.
GROUPS_PER_TYPE = 8


@dataclass
class GroupType:
    label: str
    groups: list
    more: int = 0


@dataclass
class Unit:
    section: object
    types: list = field(default_factory=list)
    expanded: bool = True

    @property
    def group_count(self):
        return sum(len(t.groups) + t.more for t in self.types)


@dataclass
class Chart:
    county: Unit | None
    subregions: list


def chart_for(current=None):
    """The chart as ``current``'s page shows it, kept until the site's structure changes:
    the sections and the groups are part of it (``pages.apps``), so publishing a news item
    or an agreement does not build it again."""
    key = current.pk if current is not None else 0
    return cached("org-chart", lambda: build_chart(current), key, scope="structure")


def build_chart(current=None):
    """The chart; on a subregion's page (``current``) the other subregions are shown
    without their groups, so each page shows its own part in full."""
    # Sections and the first groups of each type of each section in one query, with the
    # number of groups of each type: a section of 500 groups reads the few it shows. The
    # rows are plain pages with what the chart shows of their type (a group's type, a
    # section's short name and level) as values: specific page instances cost more than
    # the query.
    kind = [Left("path", 3 * Page.steplen), F("grouppage__group_type")]
    pages = (
        Page.objects.live()
        .filter(public_q())
        .filter(depth__in=(3, 4))
        .filter(Q(sectionpage__isnull=False) | Q(grouppage__isnull=False))
        .annotate(
            rank=Window(RowNumber(), partition_by=kind, order_by="path"),
            of_type=Window(Count("pk"), partition_by=kind),
            group_type=F("grouppage__group_type"),
            short_name=F("sectionpage__short_name"),
            level=F("sectionpage__level"),
        )
        .filter(rank__lte=GROUPS_PER_TYPE)
        .only("id", "path", "depth", "title", "url_path")
        .order_by("path")
    )
    sections, by_section = [], {}
    for page in pages:
        if page.short_name is not None and page.depth == 3:
            page.is_county = page.level == SectionPage.Level.COUNTY
            sections.append(page)
        elif page.group_type is not None and page.depth == 4:
            by_section.setdefault(page.path[: 3 * Page.steplen], []).append(page)
    labels = dict(GroupPage.GroupType.choices)
    units = []
    for section in sections:
        mine = by_section.get(section.path, [])
        types = []
        for value in labels:
            if shown := [g for g in mine if g.group_type == value]:
                types.append(GroupType(labels[value], shown, shown[0].of_type - len(shown)))
        expanded = (
            current is None or current.is_county or section.is_county or section.pk == current.pk
        )
        units.append(Unit(section, types, expanded))
    county = next((u for u in units if u.section.is_county), None)
    return Chart(county, [u for u in units if not u.section.is_county])
