"""The register's panel on each section page ("which agreements apply here?"), and what an
agreement's page shows of the section that owns it.

The panel is contributed through the ``section_page_panels`` hook (``{% render_hooks %}`` in
the section template) so that the pages app, which must not import this app, still shows
each section its agreements.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.template.loader import render_to_string
from wagtail.models import Site

from core.caching import cached
from pages.models import SectionPage

from .models import Agreement, AgreementIndexPage, Level, Status

PANEL_SIZE = 8


def agreements_panel(section, request):
    """The panel as HTML, from data kept until content changes (one cache read when warm)."""
    panel = cached("section-agreements", lambda: _panel(section, request), section.pk)
    if panel is None:
        return None
    return render_to_string("agreements/section_panel.html", {"panel": panel}, request)


@dataclass(frozen=True)
class PanelItem:
    """One agreement in the panel: what the panel shows of it."""

    title: str
    public_url: str
    document_type_name: str


def _panel(section, request):
    index_page = AgreementIndexPage.for_request(request)
    if index_page is None:
        return None
    in_force = Agreement.objects.public().with_status_code(Status.IN_FORCE)
    counts = in_force.aggregate(
        own=Count("pk", filter=Q(section_id=section.pk)),
        county=Count("pk", filter=Q(level=Level.COUNTY)),
    )
    own = (
        in_force.filter(section_id=section.pk)
        .order_by("title")
        .values_list("title", "slug", "document_type__name")[:PANEL_SIZE]
    )
    register_url = index_page.register_url
    return {
        "section": section,
        "agreements": [
            PanelItem(title, f"{register_url}{slug}/", type_name) for title, slug, type_name in own
        ],
        "own_count": counts["own"],
        "county_count": 0 if section.is_county else counts["county"],
        "register_url": register_url,
    }


@dataclass(frozen=True)
class SectionLink:
    """What an agreement's page shows of its owner: names, slug (for the register's
    filter) and the section page's URL, or None while the page is not published."""

    id: int
    title: str
    short_name: str
    slug: str
    url: str | None


def section_link(section_id, request=None):
    """The ``SectionLink`` of one section, from a lookup of all sections kept until content
    changes (an agreement's page then needs no join with the page tree). Per site, since a
    page's URL depends on the site it is linked from."""
    site = Site.find_for_request(request) if request is not None else None
    links = cached(
        "agreement-section-links", lambda: _section_links(request), site.pk if site else 0
    )
    link = links.get(section_id)
    if link is None and section_id is not None:  # created a moment ago
        section = SectionPage.objects.get(pk=section_id)
        link = _link(section, section.get_url(request) if section.live else None)
    return link


def _section_links(request):
    sections = SectionPage.objects.only(
        "id", "title", "short_name", "slug", "live", "url_path", "path", "depth"
    )
    return {s.pk: _link(s, s.get_url(request) if s.live else None) for s in sections}


def _link(section, url):
    return SectionLink(section.pk, section.title, section.short_name, section.slug, url)
