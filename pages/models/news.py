from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.pagination import paginate
from pages.blocks import BodyBlock

from .mixins import BasePage


class NewsIndexPage(BasePage):
    """A news listing. Under a section it lists that section's news; under the home page it
    aggregates the news of every section.

    One rule covers both cases: list the live news pages below this page's parent. That
    keeps a single page type and lets editors place a section's news index anywhere.
    """

    intro = models.TextField("Ingress", max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage", "pages.SectionPage"]
    subpage_types = ["pages.NewsPage"]
    max_count_per_parent = 1
    per_page = 10

    class Meta:
        verbose_name = "nyhetslista"
        verbose_name_plural = "nyhetslistor"

    @property
    def is_sitewide(self):
        # Sections sit at depth 3 and the home page at depth 2 (enforced by page types),
        # so an index directly below the home page is the site-wide one.
        return self.depth == 3

    def news(self):
        # The parent's tree path is this page's path minus its last step: no query needed.
        return NewsPage.listing(below_path=self.path[: -self.steplen])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: counted and read only when the (cached) content is rendered.
        context["news_page"] = SimpleLazyObject(lambda: self.news_page(request))
        return context

    def news_page(self, request):
        page_obj = paginate(request, self.news(), self.per_page)
        if self.is_sitewide:
            label_sections(page_obj.object_list)
        return page_obj


class NewsPage(BasePage):
    """One news item. Its section is where it lives in the tree."""

    date = models.DateField("Datum", default=timezone.localdate)
    intro = models.TextField("Ingress", max_length=600)
    body = StreamField(BodyBlock(), verbose_name="Innehåll", blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "nyhet"
        verbose_name_plural = "nyheter"

    @classmethod
    def listing(cls, descendant_of=None, below_path=None):
        """Live, public news below a page, newest first, with only what a list shows."""
        below_path = below_path or descendant_of.path
        return (
            cls.objects.live()
            .public()
            .filter(path__startswith=below_path)
            .order_by("-date", "-first_published_at")
            .only("id", "title", "url_path", "path", "depth", "date", "intro")
        )

    @classmethod
    def latest(cls, descendant_of, limit=3, labelled=False):
        news = list(cls.listing(descendant_of)[:limit])
        if labelled:
            label_sections(news)
        return news


def label_sections(pages):
    """Give each page of a site-wide list the section it lives in (``listing_section``)."""
    from .sections import SectionPage

    sections = SectionPage.by_path()
    for page in pages:
        page.listing_section = SectionPage.section_of(page, sections)
