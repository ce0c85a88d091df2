from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The site search at /sok/: pages, agreements and the text inside their documents."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Sök"

    def ready(self):
        from wagtail.contrib.search_promotions.models import SearchPromotion

        from core.caching import register_content_models

        from . import signals
        from .models import DocumentText, Synonym

        signals.connect()
        # A PDF's extracted text changes what searches find.
        register_content_models(Synonym, DocumentText, SearchPromotion)
