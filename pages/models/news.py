from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.pagination import paginate
from core.visibility import public_q
from pages.blocks import BodyBlock

from .mixins import BasePage
from .sections import section_name


class NewsIndexPage(RoutablePageMixin, BasePage):
    """A news listing. Under a section it lists that section's news; under the home page it
    aggregates the news of every section.

    One rule covers both cases: list the live news pages below this page's parent. That
    keeps a single page type and lets editors place a section's news index anywhere. The
    same news, newest first, is an Atom feed at the sub-URL ``flode/``.
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

    @property
    def news_path(self):
        """The tree path the news of this index lives under (its parent's)."""
        return self.path[: -self.steplen]

    @path("flode/", name="feed")
    def feed(self, request):
        from pages.feeds import NewsFeed

        return NewsFeed(self)(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The news below this page's parent (its tree path minus the last step). Lazy:
        # read only when the content fragment is rendered, not when it comes from the cache.
        context["news_page"] = SimpleLazyObject(
            lambda: paginate(request, NewsPage.listing(self.news_path), self.per_page)
        )
        return context


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

    def get_feed_url(self, request=None):
        """The news feed of the index this page belongs to (its parent's ``flode/``): a
        Wagtail page URL is its parent's URL plus its own slug, so no query is needed."""
        url = self.get_url(request)
        return f"{url[: -len(self.slug) - 1]}flode/" if url else None

    @classmethod
    def listing(cls, path):
        """Live, public news below the page at tree path ``path``, newest first, with only
        what a list shows and the name of the section each item belongs to."""
        return (
            cls.objects.live()
            .filter(public_q())
            .filter(path__startswith=path)
            .order_by("-date", "-first_published_at")
            .only("id", "title", "url_path", "path", "depth", "date", "intro")
            .annotate(section_name=section_name())
        )
