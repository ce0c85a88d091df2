"""URL configuration: infrastructure first, then the apps, Wagtail's page serving last."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls

from agreements import views as agreement_views
from agreements.sitemaps import AgreementSitemap, PageSitemap
from core import views
from pages import admin_scope
from search import views as search_views

SITEMAPS = {"sidor": PageSitemap, "avtal": AgreementSitemap}

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # A sitemap index and its files, each file a page of one sitemap (?p=2 …).
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    # Wagtail's workflow and site-history reports, scoped to the user's sections.
    path("admin/reports/", include("pages.admin_scope")),
    path("admin/choose-page/", include(admin_scope.chooser_urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("dokument/", include(wagtaildocs_urls)),
]

if settings.SERVE_MEDIA:
    # Uploaded images (renditions) from this process; off when a proxy or object storage
    # serves MEDIA_URL instead (see docs/deployment.md).
    urlpatterns += [re_path(r"^media/(?P<path>.+)$", views.serve_media, name="media")]

urlpatterns += [
    path("sok/", search_views.search, name="search"),
    # The register's CSV export lives below the register page: /avtal/export.csv.
    re_path(r"^(?P<path>(?:[\w\-]+/)+)export\.csv$", agreement_views.export_csv),
    path("prenumerera/", include("subscriptions.urls")),
    path("", include(wagtail_urls)),
]
