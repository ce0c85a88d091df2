"""The admin an editor meets is Swedish: the pages a section editor and the kommunikatör
use (dashboard, listings, edit forms, workflow actions and their messages) and the
e-mails the approval workflow sends contain none of the English phrases Wagtail shows
where its Swedish catalogue has no translation (the project's locale/sv fills the gaps).
Links in the e-mails point at the site's configured address."""

import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.test import Client
from wagtail.models import WorkflowState

from agreements.models import Level
from tests.factories.agreements import AgreementFactory, admin_form_data
from tests.factories.pages import ContentPageFactory, editor, kommunikator, section

pytestmark = pytest.mark.django_db

SNIPPETS = "/admin/snippets/agreements/agreement/"

# What Wagtail says in English where a Swedish translation is missing (seen in the admin,
# its messages and its e-mails before the project's translations).
ENGLISH = [
    "has been submitted",
    "has been approved",
    "has been rejected",
    "submitted for moderation",
    "created and published",
    "updated and published",
    "scheduled for publishing",
    "Select an option",
    "Save Selected",
    "There are no",
    "across entire site",
    "Date updated",
    "Locked by",
    "Autosave",
    "Currently viewing",
    "saved a new version",
    "Changes requested",
    "Cancelled by",
    "Minimap",
    "Side panel",
    "Show issue",
    "Go-live:",
    "Expiry:",
    "Invalid schedule",
    "Once scheduled",
    "Sort item order",
    "Placeholder title",
    "Privacy is inherited",
    "Anyone with editing permissions",
    "only those with publishing permissions",
    "Choose when this",
    "A network error",
    "Keyboard shortcuts",
    "validation errors",
    "Page/Snippet Type",
    "is not currently awaiting",
    "in workflow",
    "moderation stage",
    "Table headers",
    "Maximum filesize",
]
ENGLISH_WORDS = re.compile(r"\b(Refresh|Compare|Exploring|Saved|Anyone|Never|Revoke)\b")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def visible_text(html):
    """What a person reads or hears: text, labels and the admin's translated JS strings."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["style"]):
        element.decompose()
    parts = [soup.get_text(" ")]
    for attribute in ("aria-label", "title", "placeholder", "alt", "data-w-tooltip-content-value"):
        parts += [element[attribute] for element in soup.find_all(attrs={attribute: True})]
    return " ".join(parts)


def english_in(text):
    found = [phrase for phrase in ENGLISH if phrase in text]
    found += ENGLISH_WORDS.findall(text)
    return found


def assert_swedish(response, what):
    assert response.status_code == 200, (what, response.status_code)
    content = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        content = response.json().get("html", content)
    found = english_in(visible_text(content))
    assert not found, f"{what}: English in the admin: {found}"


@pytest.fixture
def people():
    fyrbodal = section("Fyrbodal")
    return {
        "editor": editor(fyrbodal),
        "boss": kommunikator(),
        "section": fyrbodal,
    }


def agreement_of(fyrbodal, title):
    agreement = AgreementFactory(title=title, section=fyrbodal, level=Level.SUBREGIONAL)
    agreement.save_revision().publish()
    return agreement


def submit(client, agreement, title):
    data = admin_form_data(agreement, title=title, **{"action-submit": "submit"})
    response = client.post(f"{SNIPPETS}edit/{agreement.pk}/", data, follow=True)
    assert_swedish(response, "the message after submitting")
    return WorkflowState.objects.for_instance(agreement).get(status="in_progress")


def test_section_editor_and_kommunikator_meet_only_swedish(people):
    fyrbodal, ed, boss = people["section"], signed_in(people["editor"]), signed_in(people["boss"])
    page = ContentPageFactory(parent=fyrbodal, title="Om samverkan i Fyrbodal")
    page.save_revision().publish()
    approved = agreement_of(fyrbodal, "Överenskommelse som godkänns")
    rejected = agreement_of(fyrbodal, "Överenskommelse som avvisas")

    for url in [
        "/admin/",
        SNIPPETS,
        f"{SNIPPETS}?status=gallande",
        f"{SNIPPETS}add/",
        f"{SNIPPETS}edit/{approved.pk}/",
        f"{SNIPPETS}history/{approved.pk}/",
        f"{SNIPPETS}inspect/{approved.pk}/",
        f"/admin/pages/{fyrbodal.pk}/",
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/add/pages/contentpage/{fyrbodal.pk}/",
        "/admin/documents/",
        "/admin/images/",
    ]:
        assert_swedish(ed.get(url), f"section editor: {url}")

    mail.outbox.clear()
    state = submit(ed, approved, "Överenskommelse som godkänns, ny version")
    task_state = state.current_task_state
    for url in ["/admin/", SNIPPETS, f"{SNIPPETS}edit/{approved.pk}/", "/admin/users/"]:
        assert_swedish(boss.get(url), f"kommunikatör: {url}")
    action = f"{SNIPPETS}workflow/action/{approved.pk}/approve/{task_state.pk}/"
    assert_swedish(boss.get(action), "the approve dialog")
    response = boss.post(action, {"comment": "Bra"}, follow=True)
    assert_swedish(response, "the message after approving")

    state = submit(ed, rejected, "Överenskommelse som avvisas, ny version")
    action = f"{SNIPPETS}workflow/action/{rejected.pk}/reject/{state.current_task_state.pk}/"
    assert_swedish(boss.get(action), "the reject dialog")
    response = boss.post(action, {"comment": "Komplettera bilagan"}, follow=True)
    assert_swedish(response, "the message after rejecting")
    assert_swedish(ed.get(f"{SNIPPETS}edit/{rejected.pk}/"), "the rejected agreement's form")

    # The e-mails: submitted (to the kommunikatör), approved and rejected (to the editor).
    assert len(mail.outbox) >= 3, [m.subject for m in mail.outbox]
    for message in mail.outbox:
        bodies = [message.subject, message.body] + [
            visible_text(content) for content, _type in getattr(message, "alternatives", [])
        ]
        text = "\n".join(bodies)
        assert not english_in(text), (message.subject, english_in(text), message.body)
        for url in re.findall(r"https?://[^\s\"'<>]+", text):
            assert url.startswith(settings.WAGTAILADMIN_BASE_URL), url
