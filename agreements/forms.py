"""The agreement edit form in the admin."""

import re

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from pages.models import SectionPage
from pages.permissions import sections_user_can_edit

# Fields a browser always sends as whole numbers: the ids of chosen objects and the counts of
# the form's repeated parts. Wagtail's choosers and StreamField turn anything else into a
# server error (ValueError), so such a POST is answered with a form error instead.
WHOLE_NUMBER_FIELD = re.compile(
    r"(?:^|-)(?:document_type|section|replaces|decided_by|contact|document|count|"
    r"TOTAL_FORMS|INITIAL_FORMS|MIN_NUM_FORMS|MAX_NUM_FORMS)$"
)
MALFORMED_MESSAGE = (
    "Formuläret kom inte fram som det skickades, så ingenting har sparats. Ladda om sidan "
    "och gör ändringen igen."
)


def without_malformed_numbers(data):
    """``data`` with every non-number in a whole-number field emptied (a count set to 0),
    and whether there were any."""
    bad = [
        key
        for key in data
        if WHOLE_NUMBER_FIELD.search(key)
        and any(value and not value.isdigit() for value in data.getlist(key))
    ]
    if not bad:
        return data, False
    data = data.copy()
    for key in bad:
        data.setlist(key, ["0" if key.endswith("count") else ""])
    return data, True


class AgreementAdminForm(WagtailAdminModelForm):
    """Offers only the sections, municipalities and predecessors the editor may work with.

    A section editor sees their own section as the only owner choice and only the
    municipalities of their own sections (an editor of the county level, like the
    kommunikatör, sees all 49). A forged POST naming anything else fails validation with
    a Swedish message, so nothing is saved.
    """

    def __init__(self, data=None, *args, **kwargs):
        self.malformed = False
        if data is not None:
            data, self.malformed = without_malformed_numbers(data)
        super().__init__(data, *args, **kwargs)
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

    def clean(self):
        cleaned_data = super().clean()
        if self.malformed:
            raise ValidationError(MALFORMED_MESSAGE, code="malformed")
        return cleaned_data

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


class DecisionAdminForm(WagtailAdminModelForm):
    """Offers only agreements that need each party's decision and that the editor may
    edit; a forged POST naming another section's agreement fails validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from wagtail.permissions import policy_registry

        from .models import Agreement

        if "agreement" in self.fields:
            agreements = Agreement.objects.filter(needs_party_decisions=True)
            if self.for_user is not None:
                policy = policy_registry.get_by_type(Agreement)
                editable = policy.instances_user_has_permission_for(self.for_user, "change")
                agreements = agreements.filter(pk__in=editable.values("pk"))
            self.fields["agreement"].queryset = agreements.order_by("title")
