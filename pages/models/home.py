from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from pages.blocks import BodyBlock

from .mixins import BasePage
from .news import NewsPage
from .sections import SectionPage


class HomePage(BasePage):
    """The start page: the way into the sections, the agreement register and the news."""

    intro = models.TextField(
        "Ingress", max_length=600, help_text="Visas överst på startsidan och i sökmotorer."
    )
    body = StreamField(BodyBlock(), verbose_name="Innehåll", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "agreements.AgreementIndexPage",
        "pages.SectionPage",
        "pages.ContentPage",
        "pages.NewsIndexPage",
        "pages.SurveyPage",
        "pages.MunicipalityIndexPage",
        "pages.CalendarPage",
        "pages.AccessibilityStatementPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "startsida"
        verbose_name_plural = "startsidor"

    @cached_property
    def sections(self):
        """The live sections below the home page, in tree order (county level first)."""
        return list(SectionPage.objects.live().child_of(self))

    @cached_property
    def latest_news(self):
        """The newest news of the whole site."""
        return list(NewsPage.listing(self.path)[:4])
