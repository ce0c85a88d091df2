"""Entry points by task ("Hitta efter uppgift"): a short list the editors keep, each task
leading to a page built from the register's own data (``/avtal/uppgift/<kortnamn>/``)."""

from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class Task(ClusterableModel):
    """A common task (in- och utskrivning, SIP, hjälpmedel …): its page lists what applies
    today in the register for its area, each with its contact, and the related groups."""

    name = models.CharField("Uppgift", max_length=100, unique=True)
    slug = models.SlugField(
        "Kortnamn", max_length=100, unique=True, help_text="Används i sidans adress."
    )
    summary = models.CharField(
        "Kort beskrivning", max_length=300, help_text="Visas under uppgiften på startsidan."
    )
    topic = models.ForeignKey(
        "agreements.Topic",
        verbose_name="Område i avtalsregistret",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Sidan visar det som gäller i dag inom området.",
    )
    sort_order = models.PositiveSmallIntegerField("Sorteringsordning", default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("topic"),
        FieldPanel("sort_order"),
        InlinePanel(
            "related_groups",
            label="Grupp",
            heading="Grupper som arbetar med uppgiften",
            help_text="Utan valda grupper visas grupper vars namn nämner området.",
        ),
    ]

    class Meta:
        verbose_name = "uppgift"
        verbose_name_plural = "uppgifter"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class TaskGroup(Orderable):
    task = ParentalKey(Task, on_delete=models.CASCADE, related_name="related_groups")
    group = models.ForeignKey(
        "pages.GroupPage", verbose_name="Grupp", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("group")]

    class Meta(Orderable.Meta):
        verbose_name = "grupp"
        verbose_name_plural = "grupper"
