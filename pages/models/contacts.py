from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Contact(index.Indexed, models.Model):
    """A contact person (kontaktperson), reused on sections, groups, agreements and pages.

    A snippet rather than text on each page so that one change of phone number or role is
    made in one place and shows everywhere the person is named.
    """

    name = models.CharField("Namn", max_length=200)
    role = models.CharField(
        "Roll", max_length=200, blank=True, help_text="T.ex. Kommunikatör eller Processledare."
    )
    organisation = models.CharField("Organisation", max_length=200, blank=True)
    email = models.EmailField("E-post", blank=True)
    phone = models.CharField("Telefon", max_length=50, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("email"),
        FieldPanel("phone"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("role"),
        index.AutocompleteField("name"),
        index.FilterField("organisation"),
    ]

    class Meta:
        verbose_name = "kontaktperson"
        verbose_name_plural = "kontaktpersoner"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name
