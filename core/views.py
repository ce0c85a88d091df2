"""Infrastructure views that belong to no single app."""

import posixpath

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.static import serve


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


def serve_media(request, path):
    """Serve an uploaded file from MEDIA_ROOT, cacheable for a day.

    Image renditions get a new file name whenever the image or its size changes, so a day
    of caching never shows a stale image; documents are served through Wagtail's own view
    (with its privacy checks), not from here.
    """
    # Documents only through Wagtail's view, which applies collection privacy. The path is
    # normalised as serve() does, so "./documents/…" or "x/../documents/…" are refused too.
    if posixpath.normpath(path).lstrip("/").split("/")[0] == "documents":
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=86400"
    return response
