import pickle

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
        """Resolve a URL without a query once warm, whatever its depth.

        Wagtail's default routing walks the tree a level at a time. Here the deepest page
        whose url_path matches a prefix of the requested path is found at once; that page
        then routes whatever is left (so routable pages such as the agreement register
        still resolve their own sub-URLs). The map from url_path to page changes only when
        content does, so it is one of the shared lookups (``pages.caching.cached``, a few
        bytes per page), and so is the page found (``routed_page``). Semantics match
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
        if model is None:
            raise Http404
        try:
            match = self.routed_page(model, page_id)
        except model.DoesNotExist:  # deleted in this very moment
            raise Http404 from None
        return match.route(request, path_components[end:])

    @staticmethod
    def routed_page(model, page_id):
        """The page that answers a URL, kept with the shared lookups until content changes.

        Loading a page costs 1.3–2 ms (two tables joined, thirty columns, the ORM's query
        building); unpickling a copy 30–60 µs. The copy is kept as pickled bytes so that
        every request gets an instance of its own (serving a page sets attributes on it).
        Unpublishing, moving or editing and publishing it moves the content version on, so
        a kept copy is never older than what is public.
        """
        from pages.caching import cached

        data = cached(
            "routed-page",
            lambda: pickle.dumps(model.objects.get(pk=page_id), pickle.HIGHEST_PROTOCOL),
            page_id,
        )
        # Bytes this site pickled itself, from this process or its own cache (Django's
        # Redis backend unpickles every cached value in the same way).
        return pickle.loads(data)  # noqa: S301

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
