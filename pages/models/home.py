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
        """Resolve a URL in one query instead of one (plus ``.specific``) per tree level.

        Wagtail's default routing walks the tree a level at a time. Here the deepest page
        whose url_path matches a prefix of the requested path is found at once; that page
        then routes whatever is left (so routable pages such as the agreement register
        still resolve their own sub-URLs). Semantics match Wagtail's: the final page must
        be live, unpublished ancestors do not hide live descendants.
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "/".join(path_components[:i]) + "/"
            for i in range(1, len(path_components) + 1)
        ]
        match = (
            Page.objects.descendant_of(self)
            .filter(url_path__in=prefixes)
            .order_by("-depth")
            .first()
        )
        if match is None:
            raise Http404
        remaining = path_components[match.depth - self.depth :]
        return match.specific.route(request, remaining)

    def get_context(self, request, *args, **kwargs):
        from .news import NewsPage
        from .sections import SectionPage

        context = super().get_context(request, *args, **kwargs)
        sections = list(
            SectionPage.objects.live()
            .child_of(self)
            .only("id", "title", "url_path", "path", "depth", "short_name", "level", "intro")
        )
        context["county_sections"] = [s for s in sections if s.is_county]
        context["subregional_sections"] = [s for s in sections if not s.is_county]
        context["latest_news"] = NewsPage.latest(descendant_of=self, limit=4)
        sections_by_path = {s.path: s for s in sections}
        for item in context["latest_news"]:
            item.listing_section = SectionPage.section_of(item, sections_by_path)
        return context
