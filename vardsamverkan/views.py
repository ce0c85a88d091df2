"""Infrastructure views that belong to no single app."""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control


@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Crawlers may index the site, but not the admin, search results or filtered lists.

    Filtered register views are also marked canonical to the unfiltered register; the
    Disallow lines keep crawlers from spending their visit on endless filter combinations.
    """
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /sok/",
        "Disallow: /*?",
        "Disallow: /*/export.csv",
        "Disallow: /*/api/",
        "Disallow: /prenumerera/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
