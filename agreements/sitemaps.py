"""Agreement detail pages in /sitemap.xml (pages come from Wagtail's own sitemap)."""

from wagtail.contrib.sitemaps import Sitemap

from .models import Agreement, AgreementIndexPage


class AgreementSitemap(Sitemap):
    """Every published agreement, with the date it was last published.

    A Wagtail sitemap, so agreement URLs use the same site root (scheme and host from the
    Wagtail Site) as the pages around them; the register's address is looked up once.
    """

    def items(self):
        return Agreement.objects.public().only("slug", "last_published_at").order_by("slug")

    def _urls(self, page, protocol, domain):
        index_page = AgreementIndexPage.objects.live().public().first()
        if index_page is None:
            return []
        base = index_page.get_full_url(self.request)
        urls = [
            {"location": f"{base}{agreement.slug}/", "lastmod": agreement.last_published_at}
            for agreement in self.paginator.page(page).object_list
        ]
        if urls:
            self.latest_lastmod = max(url["lastmod"] for url in urls)
        return urls
