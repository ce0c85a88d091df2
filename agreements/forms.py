"""The agreement edit form in the admin."""

from wagtail.admin.forms import WagtailAdminModelForm

from pages.models import SectionPage
from pages.permissions import sections_user_can_edit


class AgreementAdminForm(WagtailAdminModelForm):
    """Offers only the sections, municipalities and predecessors the editor may work with.

    A section editor sees their own section as the only owner choice and only the
    municipalities of their own sections (an editor of the county level, like the
    kommunikatör, sees all 49). A forged POST naming anything else fails validation with
    a Swedish message, so nothing is saved.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or user.is_superuser:
            return
        sections = sections_user_can_edit(user)
        if "section" in self.fields:
            self.fields["section"].queryset = sections.order_by("path")
            if sections.count() == 1 and not self.instance.pk:
                self.fields["section"].initial = sections.first().pk
        if "municipalities" in self.fields:
            self.limit_municipalities(sections)
        if "replaces" in self.fields:
            self.fields["replaces"].queryset = self.fields["replaces"].queryset.filter(
                section__in=sections
            )

    def limit_municipalities(self, sections):
        if sections.filter(level=SectionPage.Level.COUNTY).exists():
            return
        field = self.fields["municipalities"]
        field.queryset = field.queryset.filter(section__in=sections)
        names = ", ".join(s.short_name for s in sections.order_by("path"))
        field.help_text = (
            f"Du kan välja kommuner i {names or 'dina sektioner'}. Lämna tomt om avtalet "
            "gäller alla kommuner som ägarsektionen omfattar."
        )
        field.error_messages["invalid_choice"] = (
            f"Du kan bara välja kommuner i {names or 'dina sektioner'}. "
            "Kommunikatören kan lägga till andra kommuner."
        )
