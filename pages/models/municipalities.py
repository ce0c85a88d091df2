"""``/kommun/``: the 49 municipalities on a map, and one page per municipality.

The pages are not edited: they are generated from the ``Municipality`` rows, so one
routable page serves them all (``/kommun/<kortadress>/``) and lists them in the sitemap.
Other apps add their parts of a municipality's page through the hook
``municipality_page_panels`` (``fn(request, municipality)`` returning HTML): the agreement
register adds what applies to the municipality, the subscriptions app the way to follow it.
"""

import re

from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from core.caching import cached
from core.visibility import public_q

from .groups import GroupPage
from .mixins import BasePage, SinglePageMixin
from .news import NewsPage
from .sections import Municipality, SectionContact


def all_municipalities():
    """Every municipality with its section, kept until content changes (the map, the
    "Välj din kommun" forms and every municipality page need them)."""
    return cached(
        "municipalities-1",
        lambda: list(
            Municipality.objects.select_related("section").only(
                "name",
                "slug",
                "latitude",
                "longitude",
                "section__title",
                "section__short_name",
                "section__url_path",
                "section__path",
                "section__depth",
            )
        ),
        scope="structure",
    )


def find_municipality(value):
    """The municipality named or slugged ``value`` (any case), or None."""
    value = (value or "").strip().casefold()
    for municipality in all_municipalities():
        if value in (municipality.name.casefold(), municipality.slug):
            return municipality
    return None


class MunicipalityIndexPage(SinglePageMixin, RoutablePageMixin, BasePage):
    """The municipalities of the county: a map and a list, and each one's own page."""

    intro = models.TextField(
        "Ingress", max_length=600, blank=True, help_text="Visas ovanför kartan."
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "kommunöversikt"
        verbose_name_plural = "kommunöversikter"

    @cached_property
    def index_url(self):
        return self.url

    def municipality_url(self, municipality):
        return f"{self.index_url}{municipality.slug}/"

    @path("")
    def overview(self, request):
        """The map and the list; ``?kommun=`` (the "Välj din kommun" form) goes to that
        municipality's page, an unknown name is shown with a Swedish message."""
        notice = ""
        if "kommun" in request.GET:
            wanted = "".join(ch for ch in request.GET["kommun"] if ch.isprintable())[:100]
            municipality = find_municipality(wanted)
            if municipality is not None:
                return redirect(self.municipality_url(municipality))
            if wanted.strip():
                notice = f"Vi hittar ingen kommun som heter ”{wanted}”. Välj en kommun i listan."
            else:
                notice = "Välj en kommun i listan."
        response = self.render(request, context_overrides={"notice": notice})
        if notice:
            response.status_code = 400 if wanted.strip() else 200
        return response

    @path("<slug:slug>/", name="municipality")
    def municipality(self, request, slug):
        municipality = next((m for m in all_municipalities() if m.slug == slug), None)
        if municipality is None:
            raise Http404("Kommunen finns inte.")
        return self.render(
            request,
            template="pages/municipality_page.html",
            context_overrides={
                "municipality": municipality,
                "details": MunicipalityDetails(municipality),
                "meta_title": f"{municipality.name}: avtal, grupper och kontakter",
                "meta_description": (
                    f"Avtal och överenskommelser som gäller för {municipality.name}, grupperna "
                    f"där kommunen finns med, kontaktpersoner och nyheter från "
                    f"{municipality.section.short_name}."
                ),
                "canonical_url": f"{self.get_full_url(request)}{municipality.slug}/",
            },
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            urls += [
                {"location": f"{base}{m.slug}/", "lastmod": self.last_published_at}
                for m in all_municipalities()
            ]
        return urls


class MunicipalityDetails:
    """What a municipality's page lists besides the register's part, each read only when
    the page's cached content is rendered."""

    def __init__(self, municipality):
        self.municipality = municipality
        self.section = municipality.section

    @cached_property
    def groups(self):
        """Live groups with a member who represents the municipality ("Borås stad",
        "Marks kommun"): the name at the start of a word, so "Ale" is not "Alingsås"."""
        pattern = r"\m" + re.escape(self.municipality.name)
        return list(
            GroupPage.objects.live()
            .filter(public_q())
            .filter(members__represents__iregex=pattern)
            .distinct()
            .order_by("path")
            .only("title", "url_path", "path", "depth", "group_type")
        )

    @cached_property
    def contacts(self):
        """The contact persons of the municipality's section."""
        rows = SectionContact.objects.filter(page=self.section).select_related("contact")
        return [row.contact for row in rows]

    @cached_property
    def latest_news(self):
        """The section's three newest news."""
        return list(NewsPage.listing(self.section.path)[:3])
