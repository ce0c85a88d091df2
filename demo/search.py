"""Promoted search results for the demo's most common queries."""

from django.apps import apps
from wagtail.contrib.search_promotions.models import Query, SearchPromotion


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
