"""The survey (enkät): a form the kommunikatör builds in the admin, with an optional
sign-up for the reference group.

The questions are Wagtail form fields, so the kommunikatör can change them without a
developer. What concerns personal data is fixed in code instead: the reference-group
choice, the e-mail address it asks for, the consent and the spam protection, so that no
edit in the admin can start collecting addresses without consent or keep them longer than
the stated period. Submissions are Wagtail's own form submissions (listed and exported in
the admin under Formulär); ``manage.py delete_expired_survey_answers`` deletes them when
the page's retention period has passed.
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from core.antispam import HONEYPOT_FIELD, HoneypotFormMixin, client_ip, rate_limit_from_settings
from pages.blocks import RICH_TEXT_FEATURES
from pages.tasks import send_survey_notification

from .mixins import BasePage
from .settings import SiteSettings

# Names of the fixed fields. They are also the keys in the stored submission data and the
# columns of the admin listing and export, so never rename them.
REFERENCE_GROUP_FIELD = "referensgrupp"
EMAIL_FIELD = "referensgrupp_epost"
CONSENT_FIELD = "samtycke"
FIXED_FIELDS = (REFERENCE_GROUP_FIELD, EMAIL_FIELD, CONSENT_FIELD, HONEYPOT_FIELD)

THANKS_SEGMENT = "tack"
DEFAULT_RETENTION_DAYS = 365

# Accepted submissions per IP address and window (seconds). Generous, because staff of a
# hospital or a municipality often share one public address.
SURVEY_RATE_LIMIT = rate_limit_from_settings("survey", "SURVEY_RATE_LIMIT", (20, 600))

# Question types the kommunikatör may use. No e-mail or hidden fields: the only personal
# data the survey asks for is the reference-group address, with its own consent.
SURVEY_FIELD_CHOICES = [
    ("singleline", "Kort text"),
    ("multiline", "Lång text"),
    ("radio", "Alternativknappar (ett svar)"),
    ("checkboxes", "Kryssrutor (flera svar)"),
    ("dropdown", "Rullgardinslista (ett svar)"),
    ("checkbox", "En kryssruta"),
    ("number", "Tal"),
    ("date", "Datum"),
]


class SurveyFormField(AbstractFormField):
    """One question of a survey, edited in the page's "Frågor" panel."""

    field_type = models.CharField("Typ av fråga", max_length=16, choices=SURVEY_FIELD_CHOICES)
    page = ParentalKey("pages.SurveyPage", on_delete=models.CASCADE, related_name="form_fields")

    class Meta(AbstractFormField.Meta):
        verbose_name = "fråga"
        verbose_name_plural = "frågor"


class SurveyFormBuilder(FormBuilder):
    """Wagtail's form builder with native date pickers, bounded text lengths and lists that
    start on an empty choice."""

    def get_field_options(self, field):
        # Each message names its question, so the error summary above the form can show
        # the messages alone and still say which question they are about.
        options = super().get_field_options(field)
        question = f"”{field.label.strip()}”"
        options["error_messages"] = {
            "required": f"Svara på frågan {question}.",
            "invalid": f"Svaret på frågan {question} har fel format.",
            "invalid_choice": f"Välj ett av alternativen i frågan {question}.",
        }
        return options

    def create_number_field(self, field, options):
        options["error_messages"]["invalid"] = (
            f"Svara med ett tal på frågan ”{field.label.strip()}”."
        )
        return forms.DecimalField(**options)

    def create_date_field(self, field, options):
        options["error_messages"]["invalid"] = (
            f"Skriv datumet som år-månad-dag, t.ex. 2026-04-15, i frågan ”{field.label.strip()}”."
        )
        options.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        return forms.DateField(**options)

    def create_dropdown_field(self, field, options):
        # Start on an empty choice, so nobody answers by leaving the first option as it was.
        options["choices"] = [("", "Välj …")] + self.get_formatted_field_choices(field)
        return forms.ChoiceField(**options)

    def create_multiline_field(self, field, options):
        options.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        options["max_length"] = 5000
        return forms.CharField(**options)


class SurveyForm(HoneypotFormMixin, BaseForm):
    """The public form: the kommunikatör's questions followed by the fixed fields.

    The e-mail address is asked for only together with the reference-group choice and is
    refused without it, so the survey never keeps an address nobody asked us to use.
    """

    referensgrupp = forms.BooleanField(label="Jag vill delta i referensgruppen", required=False)
    referensgrupp_epost = forms.EmailField(
        label="Din e-postadress",
        required=False,
        max_length=254,
        help_text="Fyll bara i om du vill delta i referensgruppen.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Skriv e-postadressen i formatet namn@exempel.se."},
    )
    samtycke = forms.BooleanField(
        label="Jag samtycker till att mina svar sparas och används så som beskrivs här.",
        error_messages={
            "required": "Kryssa i rutan för samtycke, annars kan vi inte ta emot dina svar."
        },
    )

    def __init__(self, *args, privacy_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The questions first, as on the page (declared fields would otherwise come first).
        self.order_fields([name for name in self.fields if name not in FIXED_FIELDS])
        if not self.page.ask_reference_group:
            del self.fields[REFERENCE_GROUP_FIELD]
            del self.fields[EMAIL_FIELD]
        elif self.page.reference_group_text:
            self.fields[REFERENCE_GROUP_FIELD].help_text = self.page.reference_group_text
        self.fields[CONSENT_FIELD].help_text = consent_text(self.page, privacy_url)

    def clean(self):
        cleaned_data = super().clean()
        if REFERENCE_GROUP_FIELD not in self.fields or EMAIL_FIELD in self.errors:
            return cleaned_data
        wants = cleaned_data.get(REFERENCE_GROUP_FIELD)
        email = cleaned_data.get(EMAIL_FIELD)
        if wants and not email:
            self.add_error(
                EMAIL_FIELD, "Skriv din e-postadress om du vill delta i referensgruppen."
            )
        elif email and not wants:
            self.add_error(
                EMAIL_FIELD,
                "Vi sparar bara e-postadresser till dem som vill delta i referensgruppen. "
                "Kryssa i rutan ovan eller ta bort adressen.",
            )
        return cleaned_data

    @property
    def question_fields(self):
        return [field for field in self if field.name not in FIXED_FIELDS]


def consent_text(page, privacy_url):
    text = (
        "Svaren läses bara av webbplatsens kommunikatör och visas aldrig på webbplatsen. "
        f"De raderas automatiskt efter {page.retention_months} månader. "
    )
    if page.ask_reference_group:
        text += (
            "Om du vill delta i referensgruppen sparar vi också din e-postadress, bara för "
            "att kunna kontakta dig om gruppen. Du kan när som helst ta tillbaka ditt samtycke. "
        )
    if privacy_url:
        return format_html('{}<a href="{}">Så behandlar vi personuppgifter</a>.', text, privacy_url)
    return text


class SurveyPageForm(WagtailAdminFormPageForm):
    """Admin form: a question may not take the name of one of the fixed fields."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned_data
        for form in formset.forms:
            if form.cleaned_data.get("DELETE"):
                continue
            label = form.cleaned_data.get("label")
            if label and get_field_clean_name(label) in FIXED_FIELDS:
                form.add_error(
                    "label",
                    "Den här rubriken används redan av enkätens fasta fält. Välj en annan.",
                )
        return cleaned_data


class SurveyPage(AbstractEmailForm, BasePage):
    """A survey page (enkät) with a thank-you page at ``<page url>tack/``.

    After a valid submission the visitor is redirected to the thank-you page (so reloading
    it never sends the answers twice) and a background task e-mails the kommunikatör.
    """

    intro = models.TextField("Ingress", max_length=600, blank=True)
    ask_reference_group = models.BooleanField(
        "Fråga om referensgruppen",
        default=True,
        help_text="Visa valet ”Jag vill delta i referensgruppen” med fält för e-postadress.",
    )
    reference_group_text = models.TextField(
        "Om referensgruppen",
        max_length=600,
        blank=True,
        help_text="Kort om vad referensgruppen gör. Visas under kryssrutan.",
    )
    thank_you_text = RichTextField(
        "Tacktext",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Visas när svaren har skickats.",
    )
    retention_days = models.PositiveSmallIntegerField(
        "Gallring efter antal dagar",
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(30), MaxValueValidator(1095)],
        help_text="Svar och e-postadresser raderas automatiskt så här många dagar efter att "
        "de skickats in. Ändrar du tiden: ändra också sidan Behandling av personuppgifter.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Fråga", heading="Frågor"),
        MultiFieldPanel(
            [FieldPanel("ask_reference_group"), FieldPanel("reference_group_text")],
            heading="Referensgrupp",
        ),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("to_address"),
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("subject")]),
            ],
            heading="E-post till kommunikatören vid varje svar",
        ),
        FieldPanel("retention_days"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    base_form_class = SurveyPageForm
    form_builder = SurveyFormBuilder

    parent_page_types = ["pages.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "enkät"
        verbose_name_plural = "enkäter"

    @property
    def retention_months(self):
        return max(1, round(self.retention_days / 30.4))

    # -- the form ---------------------------------------------------------------------------

    def get_form_class(self):
        fields = self.form_builder(self.get_form_fields()).formfields
        return type("SurveyPageForm", (SurveyForm,), dict(fields))

    def get_data_fields(self):
        """Columns of the admin listing and the export: the questions, then the fixed fields."""
        return super().get_data_fields() + [
            (REFERENCE_GROUP_FIELD, "Vill delta i referensgruppen"),
            (EMAIL_FIELD, "E-postadress (referensgrupp)"),
            (CONSENT_FIELD, "Samtycke"),
        ]

    def process_form_submission(self, form):
        """Store the answers (never the honeypot) and queue the e-mail to the kommunikatör.

        One transaction: the answers and the queued e-mail (a row in the task table in
        production) are saved together or not at all. A request that fails halfway leaves
        nothing behind and shows the error page, and the visitor's answers are still in
        their browser to send again; it never keeps answers the kommunikatör is not told of.
        """
        data = {name: value for name, value in form.cleaned_data.items() if name != HONEYPOT_FIELD}
        if not data.get(REFERENCE_GROUP_FIELD):
            data.pop(EMAIL_FIELD, None)
        with transaction.atomic():
            submission = self.get_submission_class().objects.create(form_data=data, page=self)
            send_survey_notification.enqueue(submission.pk)
        return submission

    def notification_recipients(self):
        """The page's "to" addresses, else the kommunikatör named in the site settings."""
        addresses = [a.strip() for a in self.to_address.split(",") if a.strip()]
        if addresses:
            return addresses
        site = self.get_site()
        settings = SiteSettings.for_site(site) if site else None
        if settings and settings.communicator and settings.communicator.email:
            return [settings.communicator.email]
        if settings and settings.email:
            return [settings.email]
        return []

    # -- serving ----------------------------------------------------------------------------

    def route(self, request, path_components):
        if path_components == [THANKS_SEGMENT] and self.live:
            return RouteResult(self, kwargs={"thanks": True})
        return super().route(request, path_components)

    @property
    def thanks_url(self):
        return f"{self.url}{THANKS_SEGMENT}/"

    def privacy_url(self, request):
        settings = SiteSettings.for_request(request)
        page = settings.privacy_page
        return page.get_url(request) if page is not None and page.live else None

    def get_form(self, *args, request=None, **kwargs):
        if request is not None:
            kwargs["privacy_url"] = self.privacy_url(request)
        return super().get_form(*args, **kwargs)

    def serve(self, request, *args, thanks=False, **kwargs):
        if thanks:
            return self.render_landing_page(request)
        data = request.POST if request.method == "POST" else None
        form = self.get_form(data, page=self, user=request.user, request=request)
        status, rate_limited = 200, False
        if form.is_bound and not form.is_valid():
            status = 400
        elif form.is_bound:
            ip = client_ip(request)
            if SURVEY_RATE_LIMIT.exceeded(ip):
                status, rate_limited = 429, True
            else:
                SURVEY_RATE_LIMIT.record(ip)
                self.process_form_submission(form)
                return HttpResponseRedirect(self.thanks_url, status=303)
        context = self.get_context(request)
        context["form"] = form
        context["rate_limited"] = rate_limited
        context["rate_limit"] = SURVEY_RATE_LIMIT
        response = TemplateResponse(request, self.get_template(request), context, status=status)
        if rate_limited:
            response["Retry-After"] = str(SURVEY_RATE_LIMIT.window)
        return response
