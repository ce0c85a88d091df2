from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Left
from django.utils.functional import SimpleLazyObject, cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.pagination import paginate
from core.visibility import public_q
from pages.blocks import BodyBlock

from .mixins import BasePage


class SectionPage(BasePage):
    """A section of the site: Länsnivå (county level) or one of the six subregions.

    Sections are the unit of ownership: each one has its own editors, its own document
    collection and its own agreements. Code finds sections by page type and ``level``,
    never by slug, so editors may rename them freely.
    """

    class Level(models.TextChoices):
        COUNTY = "county", "Länsnivå"
        SUBREGIONAL = "subregional", "Delregional nivå"

    short_name = models.CharField(
        "Kortnamn",
        max_length=40,
        help_text="Visas i menyn och i listor, t.ex. ”Fyrbodal” eller ”Länsnivå”.",
    )
    level = models.CharField(
        "Nivå", max_length=20, choices=Level.choices, default=Level.SUBREGIONAL
    )
    intro = models.TextField(
        "Ingress", max_length=600, help_text="Ett par meningar om vad sektionen omfattar."
    )
    hospital_area = models.CharField(
        "Sjukhusområde", max_length=200, blank=True, help_text="T.ex. NU-sjukvården."
    )
    body = StreamField(BodyBlock(), verbose_name="Innehåll", blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("short_name"), FieldPanel("level"), FieldPanel("hospital_area")],
            heading="Sektion",
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("contacts", label="Kontaktpersoner", heading="Kontaktpersoner"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("level"),
    ]

    parent_page_types = ["pages.HomePage"]
    subpage_types = [
        "pages.GroupPage",
        "pages.ContentPage",
        "pages.NewsIndexPage",
        "pages.StatusReportIndexPage",
    ]

    class Meta:
        verbose_name = "sektion"
        verbose_name_plural = "sektioner"

    def __str__(self):
        return self.short_name or self.title

    @property
    def is_county(self):
        return self.level == self.Level.COUNTY

    @cached_property
    def covered_municipalities(self):
        """The municipalities this section covers: all 49 at county level (from the shared
        lookup of every municipality, which the map and the forms use too)."""
        from .municipalities import all_municipalities

        everyone = all_municipalities()
        if self.is_county:
            return everyone
        return [m for m in everyone if m.section_id == self.pk]

    # Group cards on one page of a section: a section with hundreds of groups shows them
    # a page at a time, with the count of each type of group above the list.
    groups_per_page = 24

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: read only when the content fragment is rendered, not when it is cached.
        context["group_page"] = SimpleLazyObject(lambda: self.group_page(request))
        return context

    def live_groups(self):
        from .groups import GroupPage

        return GroupPage.objects.child_of(self).live().filter(public_q())

    @cached_property
    def chart(self):
        """The organisation chart as this section's page shows it (``pages.orgchart``)."""
        from pages.orgchart import chart_for

        return chart_for(self)

    @cached_property
    def group_type_counts(self):
        """``[(label, count)]`` of the section's live groups, most common type first (the
        chart has counted them)."""
        units = [self.chart.county, *self.chart.subregions]
        mine = next((unit for unit in units if unit and unit.section.pk == self.pk), None)
        counts = [(t.label, len(t.groups) + t.more) for t in mine.types] if mine else []
        return sorted(counts, key=lambda count: -count[1])

    def group_page(self, request):
        """One page of the section's groups, ordered by type and title (the chart's counts
        are the paginator's, so it asks the database for no count of its own)."""
        groups = (
            self.live_groups()
            .order_by("group_type", "title")
            .only("id", "title", "url_path", "path", "depth", "group_type", "intro")
        )
        total = sum(count for _, count in self.group_type_counts)
        return paginate(request, groups, self.groups_per_page, count=total)

    @cached_property
    def other_pages(self):
        """Live children other than groups and the news list (content pages, the
        Kommun-FVM reports …), linked below the groups."""
        from .groups import GroupPage
        from .news import NewsIndexPage

        return list(
            self.get_children()
            .live()
            .filter(public_q())
            .not_type(GroupPage, NewsIndexPage)
            .only("id", "title", "url_path", "path", "depth")
        )

    @cached_property
    def latest_news(self):
        from .news import NewsPage

        return list(NewsPage.listing(self.path)[:3])

    @cached_property
    def section_contacts(self):
        return [c.contact for c in self.contacts.select_related("contact")]


def section_name():
    """The short name of the section a page lives in (its ancestor at depth 3), as a
    subquery for listing pages of several sections: ``pages.annotate(section_name=...)``."""
    sections = SectionPage.objects.filter(path=Left(OuterRef("path"), 3 * SectionPage.steplen))
    return Subquery(sections.values("short_name"))


class SectionContact(Orderable):
    page = ParentalKey(SectionPage, on_delete=models.CASCADE, related_name="contacts")
    contact = models.ForeignKey(
        "pages.Contact", verbose_name="Kontaktperson", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("contact")]

    class Meta(Orderable.Meta):
        verbose_name = "kontaktperson"
        verbose_name_plural = "kontaktpersoner"


class Municipality(index.Indexed, models.Model):
    """One of the 49 municipalities of Västra Götaland and the subregion it belongs to.

    A model rather than free text so that agreements can say which municipalities they
    apply to and the register can answer "what applies to my municipality?" exactly.
    """

    name = models.CharField("Namn", max_length=100, unique=True)
    slug = models.SlugField(
        "Kortadress", max_length=100, unique=True, help_text="Används i filter-adresser."
    )
    section = models.ForeignKey(
        SectionPage,
        verbose_name="Delregion",
        on_delete=models.PROTECT,
        related_name="municipalities",
        limit_choices_to={"level": SectionPage.Level.SUBREGIONAL},
    )
    # Where the municipality's seat lies (public facts): the schematic map places it by them.
    latitude = models.DecimalField(
        "Latitud", max_digits=7, decimal_places=4, null=True, blank=True, help_text="T.ex. 57.7089"
    )
    longitude = models.DecimalField(
        "Longitud", max_digits=7, decimal_places=4, null=True, blank=True, help_text="T.ex. 11.9746"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("section"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading="Läge på kartan"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "kommun"
        verbose_name_plural = "kommuner"
        ordering = ["name"]

    def __str__(self):
        return self.name
