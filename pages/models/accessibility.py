"""The accessibility statement (tillgänglighetsredogörelse) that lag (2018:1937) requires.

Laid out as DIGG's model statement. What makes a statement untrue when it is typed by
hand is filled in from the site itself: the documents that are not accessible come from
the document check (the same list as the admin report "Otillgängliga dokument"), each with
the WCAG criteria it fails, and the compliance status follows from what is known.
"""

from django.db import models
from django.db.models import Max
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from pages.blocks import BodyBlock

from .documents import DocumentCheck, inaccessible_documents
from .mixins import BasePage

DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"

DEFAULT_TEST_METHOD = (
    "Vi har testat webbplatsen själva (intern testning). Varje typ av sida kontrolleras "
    "automatiskt vid varje ändring av webbplatsens kod: med verktyget axe-core mot WCAG 2.1 "
    "nivå A och AA, med enbart tangentbord, förstorad till 400 procent på en smal skärm och "
    "med ökat textavstånd. Varje dokument som laddas upp kontrolleras automatiskt: att det är "
    "taggat, har en titel och har angivet språk."
)


class AccessibilityStatementPage(BasePage):
    class Compliance(models.TextChoices):
        AUTO = "auto", "Räkna ut från kända brister (helt eller delvis förenlig)"
        PARTIAL = "delvis", "Delvis förenlig"
        NONE = "inte", "Inte förenlig"

    intro = models.TextField("Ingress", max_length=600, blank=True)
    compliance = models.CharField(
        "Förenlighet med lagen",
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.AUTO,
        help_text="”Helt förenlig” visas bara när inga brister är kända: varken dokument i "
        "rapporten Otillgängliga dokument eller andra kända brister nedan.",
    )
    known_problems = StreamField(
        BodyBlock(),
        verbose_name="Andra kända brister",
        blank=True,
        help_text="Brister utöver dokumenten, med det WCAG-kriterium de bryter mot. "
        "Dokument som inte är tillgängliga listas automatiskt.",
    )
    feedback_email = models.EmailField("E-post för synpunkter")
    feedback_phone = models.CharField("Telefon för synpunkter", max_length=50, blank=True)
    response_time = models.CharField(
        "Svarstid", max_length=200, default="Vi svarar normalt inom fem arbetsdagar."
    )
    test_method = models.TextField("Hur webbplatsen har testats", default=DEFAULT_TEST_METHOD)
    assessed_on = models.DateField(
        "Senaste bedömning", help_text="När webbplatsen senast testades."
    )
    site_published_on = models.DateField("Webbplatsen publicerades", null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("compliance"),
        FieldPanel("known_problems"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("feedback_email"), FieldPanel("feedback_phone")]),
                FieldPanel("response_time"),
            ],
            heading="Kontakt för synpunkter",
        ),
        MultiFieldPanel(
            [
                FieldPanel("test_method"),
                FieldRowPanel([FieldPanel("assessed_on"), FieldPanel("site_published_on")]),
            ],
            heading="Hur vi testat",
        ),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.HomePage", "pages.ContentPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "tillgänglighetsredogörelse"
        verbose_name_plural = "tillgänglighetsredogörelser"

    digg_report_url = DIGG_REPORT_URL

    @cached_property
    def inaccessible_documents(self):
        """The documents of the report, each with its check (None: not checked yet)."""
        documents = list(inaccessible_documents())
        for document in documents:
            document.check = getattr(document, "accessibility_check", None)
        return documents

    @property
    def compliance_label(self):
        """ "helt förenlig", "delvis förenlig" or "inte förenlig" with the law."""
        if self.compliance == self.Compliance.NONE:
            return "inte förenlig"
        if self.compliance == self.Compliance.PARTIAL:
            return "delvis förenlig"
        known = self.inaccessible_documents or len(self.known_problems)
        return "delvis förenlig" if known else "helt förenlig"

    @cached_property
    def documents_checked_at(self):
        return DocumentCheck.objects.aggregate(last=Max("checked_at"))["last"]

    @property
    def updated_at(self):
        """When the statement last changed: a publication or a document check."""
        times = [t for t in (self.last_published_at, self.documents_checked_at) if t]
        return max(times) if times else None
