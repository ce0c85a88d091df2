"""The demo survey (enkät) of ``setup_site --demo`` at /enkat/, from ``data/survey.toml``.

Added only if no survey page exists under the home page (whatever its slug or title), so an
editor's changes are never overwritten.
"""

from pages.models import SurveyFormField, SurveyPage
from pages.setup import add_child

from .data import load


def build_survey(home, report, communicator=None):
    if home is None or SurveyPage.objects.child_of(home).exists():
        return
    data = load("survey")
    page = SurveyPage(**data["page"], to_address=communicator.email if communicator else "")
    page.form_fields = [
        SurveyFormField(**question | {"choices": "\n".join(question.get("choices", []))})
        for question in data["question"]
    ]
    add_child(home, page)
    report.add("enkät", page.title)
