from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The site search at /sok/: pages, agreements and the text inside their documents."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Sök"

    def ready(self):
        from wagtail.contrib.search_promotions.models import SearchPromotion

        from agreements.search import CACHE_SCOPE
        from core.caching import register_content_models, register_structure_models

        from . import signals
        from .models import DocumentText, Synonym

        signals.connect()
        # Synonyms change how every search is read, promotions what every search shows
        # first: both are kept per structure version.
        register_structure_models(Synonym, SearchPromotion)
        # A PDF's extracted text changes what searches find, agreements' hits included.
        register_content_models(DocumentText, scope=CACHE_SCOPE)
