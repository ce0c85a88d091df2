from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# The "Om webbplatsen" pages the footer links to, in footer order.
FOOTER_LINKS = ("accessibility_page", "privacy_page", "cookies_page")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Organisation details shown in the footer, edited by the kommunikatör.

    A site setting rather than template text so that a change of address or phone number
    needs no deployment.
    """

    organisation = models.CharField(
        "Organisation", max_length=200, default="Vårdsamverkan i Västra Götaland"
    )
    address = models.CharField("Postadress", max_length=200, blank=True)
    phone = models.CharField("Telefon", max_length=50, blank=True)
    email = models.EmailField("E-post", blank=True)
    org_number = models.CharField("Organisationsnummer", max_length=20, blank=True)
    # Everything the footer shows comes in the one query that loads the settings.
    select_related = ["communicator", "accessibility_page", "privacy_page", "cookies_page"]

    communicator = models.ForeignKey(
        "pages.Contact",
        verbose_name="Kommunikatör",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Visas i sidfoten som kontakt för frågor om webbplatsen.",
    )

    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Tillgänglighetsredogörelse",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Behandling av personuppgifter",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cookies_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Kakor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("org_number"),
            ],
            heading="Sidfot",
        ),
        FieldPanel("communicator"),
        MultiFieldPanel(
            [FieldPanel(name) for name in FOOTER_LINKS],
            heading="Länkar i sidfoten",
        ),
    ]

    @property
    def footer_pages(self):
        """The live "Om webbplatsen" pages in footer order; unset or unpublished ones skipped."""
        pages = (getattr(self, name) for name in FOOTER_LINKS)
        return [page for page in pages if page is not None and page.live]

    class Meta:
        verbose_name = "webbplatsinställningar"


def linked_from_footer(page):
    """Whether the footer of any site links to ``page`` (its publication changes the footer)."""
    links = reduce(or_, (Q(**{name: page}) for name in FOOTER_LINKS))
    return SiteSettings.objects.filter(links).exists()
