"""Promoted search results for the demo's most common queries (``data/content.toml``)."""

from django.apps import apps
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from .data import load


def ensure_promotions(report):
    for spec in load("content")["promotion"]:
        pages = apps.get_model(spec["page_type"]).objects.live().order_by("path")
        page = pages.filter(title__icontains=spec.get("title", "")).first()
        if page is None:
            continue
        query, created = Query.objects.get_or_create(query_string=spec["query"])
        if created:
            SearchPromotion.objects.create(
                query=query, page=page, description=spec["description"], sort_order=0
            )
            report.add("rekommenderat sökresultat", f"{spec['query']} → {page.title}")
