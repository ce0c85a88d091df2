from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Page types, blocks, contacts, municipalities and site settings."""

    name = "pages"
    verbose_name = "Sidor"

    def ready(self):
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site

        from core.caching import register_content_models

        from . import documents, pdf
        from .models import Contact, DocumentCheck, Municipality, SiteSettings

        documents.connect()
        pdf.connect()

        # What pages show besides pages themselves; Wagtail's publication signals cover
        # the pages (core.caching).
        register_content_models(
            Contact,
            DocumentCheck,
            Municipality,
            SiteSettings,
            Site,
            Redirect,
            PageViewRestriction,
            Collection,
            CollectionViewRestriction,
            get_document_model(),
            get_image_model(),
        )
