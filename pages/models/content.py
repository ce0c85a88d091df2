from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.visibility import public_q
from pages.blocks import BodyBlock

from .mixins import BasePage, ReviewedMixin


class ContentPage(ReviewedMixin, BasePage):
    """A page of free content: a process description, an "about" page, a guide.

    Everything is one StreamField of a few accessible blocks, so editors compose pages
    without HTML and the site keeps one look.
    """

    intro = models.TextField("Ingress", max_length=600, blank=True)
    body = StreamField(BodyBlock(), verbose_name="Innehåll", blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["pages.HomePage", "pages.SectionPage", "pages.ContentPage"]
    subpage_types = ["pages.ContentPage", "pages.AccessibilityStatementPage"]

    class Meta:
        verbose_name = "innehållssida"
        verbose_name_plural = "innehållssidor"

    def subpages(self):
        return (
            self.get_children()
            .live()
            .filter(public_q())
            .only("id", "title", "url_path", "path", "depth")
        )
