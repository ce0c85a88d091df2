"""What the site search stores: editors' synonyms and the text found inside documents."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.documents import get_document_model_string
from wagtail.search import index

from agreements.models import Agreement
from core.caching import cached


class Synonym(models.Model):
    """An abbreviation or word and the other ways staff write the same thing.

    Staff search with abbreviations (SIP, HSL, SoL) that the documents spell out, and the
    other way round. Each row is one group of equivalent forms; a search for any of them
    finds all of them. Kept as rows the kommunikatör edits in the admin, not as a text
    search dictionary in PostgreSQL, because the list changes with the organisation and
    must not need a developer or a re-index.
    """

    term = models.CharField(
        "Förkortning eller ord",
        max_length=100,
        unique=True,
        help_text="Det som besökarna skriver, t.ex. ”SIP”. Stora och små bokstäver spelar "
        "ingen roll.",
    )
    alternatives = models.TextField(
        "Betyder samma sak som",
        help_text="En form per rad, t.ex. ”samordnad individuell plan”. En sökning på "
        "någon av formerna hittar alla.",
    )

    panels = [FieldPanel("term"), FieldPanel("alternatives")]

    class Meta:
        verbose_name = "förkortning eller synonym"
        verbose_name_plural = "förkortningar och synonymer"
        ordering = ["term"]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.term = self.term.strip()
        super().save(*args, **kwargs)

    def clean(self):
        from core.fulltext import words

        errors = {}
        if not words(self.term):
            errors["term"] = "Skriv ett ord eller en förkortning med bokstäver eller siffror."
        forms = {tuple(words(line)) for line in self.alternative_list} - {
            (),
            tuple(words(self.term)),
        }
        if not forms:
            errors["alternatives"] = "Skriv minst en annan form än själva förkortningen."
        if errors:
            raise ValidationError(errors)

    @property
    def alternative_list(self):
        return [line.strip() for line in self.alternatives.splitlines() if line.strip()]

    @property
    def alternatives_text(self):
        return ", ".join(self.alternative_list)

    @classmethod
    def groups(cls):
        """All groups as lists of phrases, kept until the structure changes (saving or
        deleting a synonym moves it on, see ``core.caching``): every search parses its query
        with them, so they are read from this process's memory, not the shared cache."""
        return cached(
            "search-synonym-groups",
            lambda: [
                [synonym.term, *synonym.alternative_list]
                for synonym in cls.objects.only("term", "alternatives")
            ],
            scope="structure",
        )


class DocumentText(index.Indexed, models.Model):
    """The text inside one uploaded document, extracted in the background and indexed.

    A separate model keyed one-to-one to Wagtail's document (rather than a custom document
    model) so the site keeps Wagtail's stock document model, and so a slow or failing
    extraction never blocks or breaks an upload: the row is created as "waiting" when the
    document is saved and filled in by a background task (``search.tasks``).
    """

    class Status(models.TextChoices):
        PENDING = "vantar", "Väntar på textutdrag"
        DONE = "klar", "Text utdragen"
        EMPTY = "tom", "Ingen text hittades (t.ex. inskannat dokument)"
        UNSUPPORTED = "ej-stodd", "Filtypen stöds inte för textutdrag"
        FAILED = "fel", "Kunde inte läsas"

    document = models.OneToOneField(
        get_document_model_string(),
        verbose_name="Dokument",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_text",
    )
    title = models.CharField("Titel", max_length=255)
    text = models.TextField("Text", blank=True)
    status = models.CharField(
        "Status", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(
        "Källfil",
        max_length=400,
        blank=True,
        help_text="Filen (namn och storlek) som texten hämtades ur.",
    )
    error = models.CharField("Orsak", max_length=300, blank=True)
    extracted_at = models.DateTimeField("Textutdrag gjort", null=True, blank=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("text"),
        index.FilterField("document"),
    ]

    class Meta:
        verbose_name = "dokumenttext"
        verbose_name_plural = "dokumenttexter"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The agreements that attach the document index its title and text too.
        for agreement in Agreement.objects.filter(live=True, attachments__document=self.pk):
            index.insert_or_update_object(agreement)
