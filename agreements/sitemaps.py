"""Agreement detail pages in /sitemap.xml (pages come from Wagtail's own sitemap)."""

from wagtail.contrib.sitemaps import Sitemap

from .models import Agreement


class AgreementSitemap(Sitemap):
    """Every published agreement, with the date it was last published, at the address of
    the Wagtail site it is listed on (``Agreement.get_sitemap_urls``)."""

    def items(self):
        return Agreement.objects.public().only("slug", "last_published_at").order_by("slug")
