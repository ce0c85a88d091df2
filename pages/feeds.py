"""Atom feeds of the site (Django's syndication framework, so the XML is well-formed and
valid Atom 1.0 without hand-written templates)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from wagtail.rich_text import expand_db_html

from core.visibility import public_q
from pages.models.news import NewsPage
from pages.models.reports import FEED_ITEMS, StatusReportPage


class PageFeed(Feed):
    """An Atom feed of pages below one index page (given by the routable page's sub-URL).

    Entry ids are ``urn:uuid`` from the page's translation key: they survive renaming and
    moving, so feed readers never see an entry twice.
    """

    feed_type = Atom1Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.index_page

    def subtitle(self, obj):
        return obj.intro or None

    def link(self, obj):
        return obj.get_url(self.request)

    def feed_url(self, obj):
        return obj.get_url(self.request) + obj.reverse_subpage("feed")

    def feed_guid(self, obj):
        return f"urn:uuid:{obj.translation_key}"

    def author_name(self, obj):
        return "Vårdsamverkan i Västra Götaland"

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at


class NewsFeed(PageFeed):
    """The published news of one news index (a section's, or the site-wide one with every
    section's news), newest first: the same news the index lists."""

    def title(self, obj):
        if obj.section is None:
            return "Nyheter – Vårdsamverkan i Västra Götaland"
        return f"Nyheter från {obj.section.short_name} – Vårdsamverkan i Västra Götaland"

    def items(self, obj):
        return list(
            NewsPage.objects.live()
            .filter(public_q())
            .filter(path__startswith=obj.news_path)
            .order_by("-date", "-first_published_at")[:FEED_ITEMS]
        )

    def item_description(self, item):
        return item.intro


class StatusReportFeed(PageFeed):
    """The published reports of one report index, newest month first.

    Drafts, future-scheduled and restricted reports are excluded by the same
    ``published()`` rule the index and previous/next use.
    """

    def title(self, obj):
        return f"{obj.title} – lägesrapporter"

    def items(self, obj):
        return list(
            StatusReportPage.objects.published()
            .child_of(obj)
            .select_related("author")
            .order_by("-report_month")[:FEED_ITEMS]
        )

    def item_description(self, item):
        # Both parts of the report, each under its derived heading, as HTML.
        return (
            f"<h2>{escape(item.summary_heading)}</h2>{expand_db_html(item.summary)}"
            f"<h2>{escape(item.plan_heading)}</h2>{expand_db_html(item.plan)}"
        )

    def item_author_name(self, item):
        return item.author.name if item.author else None
