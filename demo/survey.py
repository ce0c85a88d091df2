"""Demo survey (enkät) for ``setup_site --demo``: a few questions about the website and the
reference-group sign-up, at /enkat/ under the home page.

Idempotent like the rest of the demo: if any survey page already exists under the home
page (whatever its slug or title) nothing is added, so an editor's changes are never
overwritten.
"""

from pages.models import SurveyFormField, SurveyPage
from pages.setup import add_child

QUESTIONS = [
    {
        "label": "Hur ofta besöker du webbplatsen?",
        "field_type": "radio",
        "choices": "Varje vecka\nNågra gånger i månaden\nNågra gånger per år\n"
        "Det här är första gången",
        "required": True,
    },
    {
        "label": "Hittade du det du letade efter i dag?",
        "field_type": "radio",
        "choices": "Ja\nDelvis\nNej",
        "required": True,
    },
    {
        "label": "Vad letade du efter?",
        "field_type": "multiline",
        "required": False,
        "help_text": "Skriv inga personuppgifter om patienter eller brukare.",
    },
    {
        "label": "Var arbetar du?",
        "field_type": "dropdown",
        "choices": "Kommun\nRegion – sjukhus\nRegion – primärvård\nPrivat vårdgivare\nAnnat",
        "required": False,
    },
    {
        "label": "Vad skulle göra webbplatsen bättre för dig?",
        "field_type": "multiline",
        "required": False,
    },
]


def build_survey(home, report, communicator=None):
    if home is None or SurveyPage.objects.child_of(home).exists():
        return None
    page = SurveyPage(
        title="Enkät om webbplatsen",
        slug="enkat",
        intro="Hjälp oss att göra webbplatsen bättre. Enkäten tar ett par minuter och du "
        "behöver inte lämna några uppgifter om dig själv.",
        ask_reference_group=True,
        reference_group_text="Referensgruppen testar nya delar av webbplatsen och ger "
        "synpunkter några gånger per år, oftast via e-post eller ett kort digitalt möte.",
        thank_you_text="<p>Tack för att du tog dig tid! Vi går igenom svaren varje kvartal "
        "och berättar om förändringarna i nyheterna.</p>",
        to_address=communicator.email if communicator and communicator.email else "",
        subject="Nytt svar på enkäten om webbplatsen",
    )
    page.form_fields = [SurveyFormField(**question) for question in QUESTIONS]
    add_child(home, page)
    report.add("enkät", page.title)
    return page
