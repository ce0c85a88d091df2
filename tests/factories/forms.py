"""The survey with a question of every type, the footer's site settings, and answers.

Shared by the tests of the public forms (survey, subscriptions) and of what the site does
with what visitors submit.
"""

from wagtail.models import Site

from pages.models import SiteSettings

from .pages import ContactFactory, ContentPageFactory, SurveyFormFieldFactory, SurveyPageFactory
from .pages import home as home_page

# One question of every type the kommunikatör can choose; only the first is required.
QUESTIONS = [
    {
        "label": "Hur ofta besöker du webbplatsen?",
        "field_type": "radio",
        "choices": "Varje vecka\nNågra gånger per år",
        "required": True,
    },
    {"label": "Vad letade du efter?", "field_type": "multiline"},
    {"label": "Vilken sida letade du efter?", "field_type": "singleline"},
    {"label": "Var arbetar du?", "field_type": "dropdown", "choices": "Kommun\nRegion"},
    {"label": "Vad använder du?", "field_type": "checkboxes", "choices": "Avtal\nNyheter"},
    {"label": "Har du hittat rätt förut?", "field_type": "checkbox"},
    {"label": "Hur många avtal läser du per månad?", "field_type": "number"},
    {"label": "När besökte du oss senast?", "field_type": "date"},
]
FREE_TEXT = "Det var lätt att hitta rätt avtal."


def survey(**fields):
    """A live survey at /enkat/ with the questions above."""
    page = SurveyPageFactory(**fields)
    for position, question in enumerate(QUESTIONS):
        SurveyFormFieldFactory(page=page, sort_order=position, **question)
    return page


def answers(page, **extra):
    """A complete, valid set of answers (``None`` in ``extra`` leaves a field out)."""
    data = {"samtycke": "on"}
    for field in page.form_fields.all():
        if field.field_type == "radio":
            data[field.clean_name] = field.choices.splitlines()[0]
        elif field.field_type == "multiline":
            data[field.clean_name] = FREE_TEXT
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def site_settings(**fields):
    """The default site's settings (the footer), with ``fields`` changed and saved."""
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def footer(**fields):
    """Site settings as the kommunikatör fills them in: a site address, a kommunikatör
    and a privacy page."""
    return site_settings(
        email="info@vardsamverkan.example.org",
        communicator=ContactFactory(name="Kim Kommunikatör"),
        privacy_page=ContentPageFactory(
            title="Behandling av personuppgifter", slug="personuppgifter", parent=home_page()
        ),
        **fields,
    )
