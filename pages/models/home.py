from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from pages.blocks import BodyBlock

from .mixins import BasePage


class HomePage(BasePage):
    """The start page: the way into the sections, the agreement register and the news."""

    intro = models.TextField(
        "Ingress", max_length=600, help_text="Visas överst på startsidan och i sökmotorer."
    )
    body = StreamField(BodyBlock(), verbose_name="Innehåll", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "agreements.AgreementIndexPage",
        "pages.SectionPage",
        "pages.ContentPage",
        "pages.NewsIndexPage",
        "pages.SurveyPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "startsida"
        verbose_name_plural = "startsidor"

    def route(self, request, path_components):
        """Resolve a URL with one query for the page itself, whatever its depth.

        Wagtail's default routing walks the tree a level at a time. Here the deepest page
        whose url_path matches a prefix of the requested path is found at once; that page
        then routes whatever is left (so routable pages such as the agreement register
        still resolve their own sub-URLs). The map from url_path to page changes only when
        content does, so it is one of the shared lookups (``pages.caching.cached``, a few
        bytes per page) and a warm request only loads the page itself. Semantics match
        Wagtail's: the final page must be live, unpublished ancestors do not hide live
        descendants.
        """
        from django.contrib.contenttypes.models import ContentType

        if not path_components:
            return super().route(request, path_components)
        url_paths = self.url_paths()
        for end in range(len(path_components), 0, -1):
            found = url_paths.get(self.url_path + "/".join(path_components[:end]) + "/")
            if found is not None:
                break
        else:
            raise Http404
        page_id, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        match = model.objects.filter(pk=page_id).first() if model is not None else None
        if match is None:  # deleted in this very moment
            raise Http404
        return match.route(request, path_components[end:])

    def url_paths(self):
        """``{url_path: (page id, content type id)}`` for every page below this one."""
        from pages.caching import cached

        return cached(
            "url-paths",
            lambda: {
                url_path: (pk, content_type_id)
                for pk, content_type_id, url_path in Page.objects.descendant_of(self).values_list(
                    "id", "content_type_id", "url_path"
                )
            },
            self.pk,
        )

    cache_content = True
    listing_names = ("county_sections", "subregional_sections", "latest_news")

    def get_listings(self, request):
        from .news import NewsPage
        from .sections import SectionPage

        sections = list(
            SectionPage.objects.live()
            .child_of(self)
            .only("id", "title", "url_path", "path", "depth", "short_name", "level", "intro")
        )
        latest_news = NewsPage.latest(descendant_of=self, limit=4)
        sections_by_path = {s.path: s for s in sections}
        for item in latest_news:
            item.listing_section = SectionPage.section_of(item, sections_by_path)
        return {
            "county_sections": [s for s in sections if s.is_county],
            "subregional_sections": [s for s in sections if not s.is_county],
            "latest_news": latest_news,
        }
