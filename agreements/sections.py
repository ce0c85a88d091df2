"""The register's panel on each section page ("which agreements apply here?").

Contributed through the ``section_page_panels`` hook so that the pages app, which must not
import this app, still shows each section its agreements.
"""

from django.db.models import Count, Q

from pages.caching import cached

from .models import Agreement, AgreementIndexPage, Level, Status

PANEL_SIZE = 8


def agreements_panel(section, request):
    """The panel's data, kept until content changes (one cache read when warm)."""
    return cached("section-agreements", lambda: _panel(section, request), section.pk)


def _panel(section, request):
    index_page = AgreementIndexPage.for_request(request)
    if index_page is None:
        return None
    in_force = Agreement.objects.public().with_status().filter(status_code=Status.IN_FORCE)
    counts = in_force.aggregate(
        own=Count("pk", filter=Q(section_id=section.pk)),
        county=Count("pk", filter=Q(level=Level.COUNTY)),
    )
    own = list(
        in_force.filter(section_id=section.pk)
        .select_related("document_type")
        .order_by("title")
        .only(
            "id",
            "title",
            "slug",
            "document_type__name",
            "valid_from",
            "valid_to",
            "replaces_id",
            "under_revision",
        )[:PANEL_SIZE]
    )
    for agreement in own:
        agreement.public_url = index_page.agreement_url(agreement)
    return {
        "template": "agreements/section_panel.html",
        "section": section,
        "agreements": own,
        "own_count": counts["own"],
        "county_count": 0 if section.is_county else counts["county"],
        "register_url": index_page.url,
    }
