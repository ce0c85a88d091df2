"""The survey (enkät): questions built in the admin, an optional reference-group sign-up that
asks for an e-mail address only when chosen, consent, a thank-you page, an e-mail to the
kommunikatör, spam protection, retention, and the admin listing of submissions."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from core.antispam import HONEYPOT_FIELD
from demo.survey import build_survey
from pages.models import SurveyPage
from pages.models.forms import SURVEY_RATE_LIMIT
from pages.setup import SetupReport
from tests.factories.forms import FREE_TEXT, QUESTIONS, answers, footer
from tests.factories.forms import survey as make_survey
from tests.factories.pages import editor, home

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12


@pytest.fixture
def site_footer():
    return footer()


@pytest.fixture
def survey(site_footer):
    return make_survey(title="Enkät om webbplatsen")


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def error_for(soup, field_id):
    """The error text tied to a field through aria-describedby, or None."""
    described = soup.select_one(f"#{field_id}")
    target = described
    if described is not None and described.name != "fieldset":
        fieldset = described.find_parent("fieldset", attrs={"aria-describedby": True})
        if not described.get("aria-describedby") and fieldset is not None:
            target = fieldset
    ids = (target.get("aria-describedby") or "").split() if target is not None else []
    for element_id in ids:
        element = soup.select_one(f"#{element_id}")
        if element is not None and element_id.endswith("_error"):
            return element.get_text(" ", strip=True)
    return None


def test_survey_shows_its_questions_consent_and_privacy_link(client, survey, site_footer):
    assert survey.url == "/enkat/"
    response = client.get(survey.url)
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.h1.get_text(strip=True) == survey.title
    # Every question has a label or legend, and the fixed fields are there.
    for question in QUESTIONS:
        assert question["label"] in soup.get_text()
    assert soup.select_one("input[type=checkbox][name=referensgrupp]")
    email = soup.select_one("input[type=email][name=referensgrupp_epost]")
    assert soup.select_one(f"label[for={email['id']}]").get_text(strip=True) == "Din e-postadress"
    consent = soup.select_one("input[type=checkbox][name=samtycke]")
    described = soup.select_one(f"#{consent['aria-describedby'].split()[0]}")
    assert described.select_one(f"a[href='{site_footer.privacy_page.url}']")
    assert "12 månader" in described.get_text()
    # The honeypot is there for bots but hidden from people.
    honeypot = soup.select_one(f"input[name={HONEYPOT_FIELD}]")
    assert "hp-field" in honeypot.find_parent("div")["class"]
    # Progressive enhancement only: the script is a static file, no inline script.
    assert not [s for s in soup.select("script") if not s.get("src")]


def test_survey_page_query_count(client, survey, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get(survey.url).status_code == 200


def test_answers_without_reference_group_are_stored_without_an_address(client, survey):
    response = client.post(survey.url, answers(survey))
    assert response.status_code == 303
    assert response["Location"] == "/enkat/tack/"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Tack för dina svar" in thanks.content.decode()

    submission = FormSubmission.objects.get(page=survey)
    assert submission.form_data["samtycke"] is True
    assert not submission.form_data["referensgrupp"]
    assert "referensgrupp_epost" not in submission.form_data
    assert HONEYPOT_FIELD not in submission.form_data


def test_reference_group_sign_up_stores_the_address_and_mails_the_kommunikator(client, survey):
    mail.outbox.clear()
    response = client.post(
        survey.url,
        answers(survey, referensgrupp="on", referensgrupp_epost="Testa.Person@example.org"),
    )
    assert response.status_code == 303
    submission = FormSubmission.objects.get(page=survey)
    assert submission.form_data["referensgrupp"] is True
    assert submission.form_data["referensgrupp_epost"] == "Testa.Person@example.org"

    # One e-mail, to the page's address, with every answer and the address.
    (message,) = mail.outbox
    assert message.to == [survey.to_address]
    assert "Vill delta i referensgruppen\n  Ja" in message.body
    assert "Testa.Person@example.org" in message.body
    for question in QUESTIONS:
        assert question["label"] in message.body
    assert f"/admin/forms/submissions/{survey.pk}/" in message.body


def test_without_a_to_address_the_kommunikator_from_the_settings_gets_the_mail(
    client, survey, site_footer
):
    survey.to_address = ""
    survey.save_revision().publish()
    mail.outbox.clear()
    client.post(survey.url, answers(survey))
    assert [m.to for m in mail.outbox] == [[site_footer.communicator.email]]


@pytest.mark.parametrize(
    "extra, field, message",
    [
        (
            {"referensgrupp": "on", "referensgrupp_epost": ""},
            "id_referensgrupp_epost",
            "Skriv din e-postadress om du vill delta i referensgruppen.",
        ),
        (
            {"referensgrupp_epost": "nagon@example.org"},
            "id_referensgrupp_epost",
            "Vi sparar bara e-postadresser till dem som vill delta i referensgruppen.",
        ),
        (
            {"referensgrupp": "on", "referensgrupp_epost": "inte-en-adress"},
            "id_referensgrupp_epost",
            "Skriv e-postadressen i formatet namn@exempel.se.",
        ),
        ({"samtycke": None}, "id_samtycke", "Kryssa i rutan för samtycke"),
    ],
)
def test_invalid_answers_are_refused_with_swedish_messages_tied_to_the_field(
    client, survey, extra, field, message
):
    mail.outbox.clear()
    response = client.post(survey.url, answers(survey, **extra))
    assert response.status_code == 400
    soup = soup_of(response)
    assert message in error_for(soup, field)
    assert soup.title.get_text().startswith("Fel:")
    summary = soup.select_one("#felsammanfattning")
    assert summary.select_one(f"a[href='#{field}']")
    # What the visitor wrote is still there.
    assert FREE_TEXT in soup.get_text()
    assert not FormSubmission.objects.filter(page=survey).exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "label, value, message",
    [
        ("Hur många avtal läser du per månad?", "många", "Svara med ett tal på frågan"),
        ("När besökte du oss senast?", "i fjol", "Skriv datumet som år-månad-dag"),
        ("Var arbetar du?", "Privat", "Välj ett av alternativen i frågan"),
    ],
)
def test_an_answer_in_the_wrong_format_names_its_question(client, survey, label, value, message):
    question = survey.form_fields.get(label=label)
    response = client.post(survey.url, answers(survey, **{question.clean_name: value}))
    assert response.status_code == 400
    error = error_for(soup_of(response), f"id_{question.clean_name}")
    assert message in error and f"”{label}”" in error


def test_a_required_question_left_empty_is_refused(client, survey):
    question = survey.form_fields.get(required=True, field_type="radio")
    response = client.post(survey.url, answers(survey, **{question.clean_name: None}))
    assert response.status_code == 400
    soup = soup_of(response)
    error = error_for(soup, f"id_{question.clean_name}_0")
    assert error and f"Svara på frågan ”{question.label}”." in error
    assert not FormSubmission.objects.filter(page=survey).exists()


def test_a_filled_in_honeypot_is_refused_visibly_and_nothing_is_lost(client, survey):
    response = client.post(survey.url, answers(survey, **{HONEYPOT_FIELD: "http://spam.example"}))
    assert response.status_code == 400
    soup = soup_of(response)
    assert "verkar ha fyllts i automatiskt" in soup.select_one("#felsammanfattning").get_text()
    assert FREE_TEXT in soup.get_text()
    # The honeypot is rendered empty again, so a person can simply send once more.
    assert not soup.select_one(f"input[name={HONEYPOT_FIELD}]").get("value")
    assert not FormSubmission.objects.filter(page=survey).exists()
    assert client.post(survey.url, answers(survey)).status_code == 303


def test_rate_limit_per_ip_gives_a_clear_message_and_keeps_the_answers(client, survey):
    for _ in range(SURVEY_RATE_LIMIT.limit):
        assert client.post(survey.url, answers(survey)).status_code == 303
    response = client.post(survey.url, answers(survey))
    assert response.status_code == 429
    assert int(response["Retry-After"]) == SURVEY_RATE_LIMIT.window
    soup = soup_of(response)
    notice = soup.select_one("#felsammanfattning").get_text(" ", strip=True)
    assert "Svaren har inte skickats ännu" in notice
    assert "Dina svar finns kvar" in notice
    assert FREE_TEXT in soup.get_text()
    assert FormSubmission.objects.filter(page=survey).count() == SURVEY_RATE_LIMIT.limit
    # Another address is not affected.
    other = client.post(survey.url, answers(survey), REMOTE_ADDR="192.0.2.77")
    assert other.status_code == 303


def test_retention_deletes_old_submissions_only(survey):
    old = FormSubmission.objects.create(page=survey, form_data={"samtycke": True})
    recent = FormSubmission.objects.create(page=survey, form_data={"samtycke": True})
    FormSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=survey.retention_days + 1)
    )
    FormSubmission.objects.filter(pk=recent.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=survey.retention_days - 1)
    )
    out = io.StringIO()
    call_command("delete_expired_survey_answers", "--dry-run", stdout=out)
    assert "Skulle radera 1 enkätsvar" in out.getvalue()
    assert FormSubmission.objects.filter(pk=old.pk).exists()

    out = io.StringIO()
    call_command("delete_expired_survey_answers", stdout=out)
    assert "Raderade 1 enkätsvar" in out.getvalue()
    assert not FormSubmission.objects.filter(pk=old.pk).exists()
    assert FormSubmission.objects.filter(pk=recent.pk).exists()


def test_without_reference_group_the_form_never_asks_for_an_address(client, survey):
    survey.ask_reference_group = False
    survey.save_revision().publish()
    soup = soup_of(client.get(survey.url))
    assert not soup.select_one("input[type=email]")
    # A crafted POST with an address does not get it stored.
    client.post(
        survey.url, answers(survey, referensgrupp="on", referensgrupp_epost="x@example.org")
    )
    submission = FormSubmission.objects.get(page=survey)
    assert "referensgrupp_epost" not in submission.form_data


def test_submissions_are_listed_and_exported_in_the_admin(client, admin_client_logged_in, survey):
    client.post(
        survey.url,
        answers(survey, referensgrupp="on", referensgrupp_epost="lista.mig@example.org"),
    )
    url = f"/admin/forms/submissions/{survey.pk}/"
    response = admin_client_logged_in.get(url)
    assert response.status_code == 200
    text = soup_of(response).get_text()
    assert "lista.mig@example.org" in text
    assert "Vill delta i referensgruppen" in text
    export = admin_client_logged_in.get(url, {"export": "csv"})
    assert export.status_code == 200
    body = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    assert "lista.mig@example.org" in body
    assert "E-postadress (referensgrupp)" in body


def test_editor_cannot_give_a_question_the_name_of_a_fixed_field(admin_client_logged_in, survey):
    data = nested_form_data(
        {
            "title": survey.title,
            "slug": survey.slug,
            "intro": survey.intro,
            "ask_reference_group": True,
            "reference_group_text": "",
            "thank_you_text": rich_text(""),
            "to_address": "",
            "from_address": "",
            "subject": "",
            "retention_days": 365,
            "form_fields": inline_formset(
                [
                    {
                        "label": "Samtycke",
                        "field_type": "checkbox",
                        "required": False,
                        "help_text": "",
                        "choices": "",
                        "default_value": "",
                    }
                ]
            ),
        }
    )
    response = admin_client_logged_in.post(f"/admin/pages/{survey.pk}/edit/", data)
    assert response.status_code == 200
    assert "Den här rubriken används redan av enkätens fasta fält" in response.content.decode()
    assert not survey.form_fields.filter(label="Samtycke").exists()


def test_the_demo_never_adds_a_second_survey_beside_an_editors_own(survey):
    survey.title, survey.slug = "Vår egen enkät", "var-enkat"
    survey.save_revision().publish()
    assert build_survey(home(), SetupReport()) is None
    assert SurveyPage.objects.child_of(home()).count() == 1


def test_section_editor_cannot_see_survey_submissions(client, survey):
    client.post(
        survey.url, answers(survey, referensgrupp="on", referensgrupp_epost="dold@example.org")
    )
    user_client = Client()
    user_client.force_login(editor())
    response = user_client.get(f"/admin/forms/submissions/{survey.pk}/")
    assert response.status_code in (302, 403)
    assert "dold@example.org" not in response.content.decode()
    assert survey.title not in user_client.get("/admin/forms/").content.decode()
