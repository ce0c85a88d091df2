from django import forms

from core.antispam import HoneypotFormMixin

from .topics import Catalogue

TOPICS_FIELD = "amnen"


class SubscribeForm(HoneypotFormMixin, forms.Form):
    """Choose topics and give an address. No consent box: the consent is the click on the
    confirmation link, which also proves the address belongs to the person."""

    amnen = forms.MultipleChoiceField(
        label="Vad vill du följa?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Välj ett eller flera alternativ.",
        error_messages={
            "required": "Välj minst ett alternativ att följa.",
            "invalid_choice": "Alternativet ”%(value)s” finns inte längre. Välj bland "
            "alternativen i listan.",
        },
    )
    epost = forms.EmailField(
        label="Din e-postadress",
        max_length=254,
        help_text="Vi skickar en länk som du öppnar för att bekräfta prenumerationen.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Skriv din e-postadress.",
            "invalid": "Skriv e-postadressen i formatet namn@exempel.se.",
            "max_length": "E-postadressen är för lång.",
        },
    )

    def __init__(self, *args, catalogue: Catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.fields[TOPICS_FIELD].choices = catalogue.choices()

    def topic_groups(self):
        """[(legend or None, [(checkbox, description), ...]), ...] for the template, so the
        checkboxes can be grouped under "Sektioner" and "Lägesrapporter"."""
        widgets = {w.data["value"]: w for w in self[TOPICS_FIELD].subwidgets}
        # Of the 49 municipalities only those asked for (from a municipality's page, whose
        # link names it) are shown: the way to follow one starts on its page.
        if self.is_bound:
            chosen = set(self.data.getlist(TOPICS_FIELD))
        else:
            chosen = set(self.initial.get(TOPICS_FIELD) or ())
        municipalities = [t for t in self.catalogue.municipalities if t.key in chosen]
        groups = [
            (None, self.catalogue.site),
            ("Sektioner", self.catalogue.sections),
            ("Lägesrapporter", self.catalogue.reports),
            ("Avtal som gäller för kommunen", municipalities),
        ]
        return [
            (legend, [(widgets[t.key], t.description) for t in topics if t.key in widgets])
            for legend, topics in groups
            if topics
        ]
