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

        from core.caching import (
            register_content_models,
            register_structure_models,
            register_structure_pages,
        )

        from . import documents, pdf
        from .models import Contact, DocumentCheck, Municipality, SiteSettings
        from .models.groups import is_group
        from .models.settings import linked_from_footer

        documents.connect()
        pdf.connect()

        # What pages show besides pages themselves; Wagtail's publication signals cover
        # the pages (core.caching).
        register_content_models(
            Contact,
            DocumentCheck,
            Redirect,
            get_document_model(),
            get_image_model(),
        )
        # What every page shows around its content: the menu and footer (site settings and
        # the pages they link to), the municipalities, the organisation chart (its groups,
        # and view restrictions, which decide what the chart may show); and the collections
        # and their restrictions, which decide which documents the site search may show:
        # core.caching, "structure".
        register_structure_models(
            Municipality,
            SiteSettings,
            Site,
            PageViewRestriction,
            Collection,
            CollectionViewRestriction,
        )
        register_structure_pages(linked_from_footer)
        register_structure_pages(is_group)
        # An alias takes its source's view restrictions (core.visibility.may_be_restricted).
        register_structure_pages(lambda page: page.alias_of_id is not None)
