"""The sitemap's files: Wagtail's pages and the register's agreements, a few thousand
entries per file under a sitemap index (``/sitemap.xml``), so each file costs the same
however large the site grows."""

from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap

from .models import Agreement, AgreementIndexPage


class PageSitemap(Sitemap):
    """Wagtail's sitemap of live, public pages, split into files of ``limit`` pages."""

    limit = 250

    def get_latest_lastmod(self):
        # The index's date for this sitemap: one aggregate instead of Django's default,
        # which reads every page of every file.
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]


class AgreementSitemap(Sitemap):
    """Every published agreement, with the date it was last published, at the address of
    the register on the Wagtail site (the register's address is looked up once per file,
    not once per agreement)."""

    limit = 500

    def items(self):
        return Agreement.objects.public().only("slug", "last_published_at").order_by("slug")

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]

    def get_urls(self, page=1, site=None, protocol=None):
        index_page = AgreementIndexPage.for_request(self.request)
        if index_page is None:
            return []
        base = index_page.get_full_url(self.request)
        rows = self.paginator.page(page).object_list.values_list("slug", "last_published_at")
        urls = [{"location": f"{base}{slug}/", "lastmod": lastmod} for slug, lastmod in rows]
        self.latest_lastmod = max((url["lastmod"] for url in urls), default=None)
        return urls
