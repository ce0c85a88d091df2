"""The agreement register in the Wagtail admin: listing, filters, review panel, editing,
previews of the public page."""

import pytest
from bs4 import BeautifulSoup

from agreements.models import Agreement, DocumentType, Level
from tests.factories.agreements import AgreementFactory, days, document_type, register
from tests.factories.pages import county

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/agreements/agreement/"


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def replaced_pair():
    old = AgreementFactory(title="Västbus – reviderade riktlinjer", valid_from=days(-3000))
    new = AgreementFactory(
        title="Samverkan för barns och ungas hälsa", valid_from=days(-100), replaces=old
    )
    return old, new


def test_listing_has_useful_swedish_columns(admin_client_logged_in):
    replaced_pair()
    soup = soup_of(admin_client_logged_in.get(LIST_URL))
    headers = [th.get_text(" ", strip=True) for th in soup.select("table thead th")]
    for label in ["Titel", "Typ", "Ägare", "Status", "Gäller till", "Revideras senast"]:
        assert any(label in h for h in headers), (label, headers)
    assert "Ersatt" in soup.get_text()


def test_listing_filters_by_status_and_due_for_review(admin_client_logged_in):
    replaced_pair()
    due = AgreementFactory(title="Snart dags att revidera", review_by=days(10))
    later = AgreementFactory(title="Revideras om länge", review_by=days(400))
    soup = soup_of(admin_client_logged_in.get(LIST_URL, {"att_revidera": "true"}))
    text = soup.get_text()
    assert due.title in text and later.title not in text
    soup = soup_of(admin_client_logged_in.get(LIST_URL, {"status": "ersatt"}))
    text = soup.get_text()
    assert "Västbus – reviderade riktlinjer" in text
    assert "Samverkan för barns och ungas hälsa" not in text


def test_listing_search_finds_title_prefixes_and_registration_numbers(admin_client_logged_in):
    """The editor's search box goes through the search index (not a scan of every
    agreement): whole words, the start of a word and the registration number all find."""
    wanted = AgreementFactory(
        title="Överenskommelse om utskrivning från slutenvård", registration_number="VGR 2024-0917"
    )
    other = AgreementFactory(title="Riktlinje för läkemedelshantering")
    for query in ("utskrivning", "utskriv", "VGR 2024"):
        text = soup_of(admin_client_logged_in.get(LIST_URL, {"q": query})).get_text()
        assert wanted.title in text, query
        assert other.title not in text, query


def test_due_for_review_rules():
    overdue = AgreementFactory(review_by=days(-3))
    ending_soon = AgreementFactory(valid_to=days(30))
    ended_recently = AgreementFactory(valid_from=days(-300), valid_to=days(-20))
    ended_long_ago = AgreementFactory(valid_from=days(-900), valid_to=days(-400))
    fine = AgreementFactory(review_by=days(200))
    replaced = AgreementFactory(review_by=days(5))
    AgreementFactory(replaces=replaced, valid_from=days(-1))
    due = set(Agreement.objects.due_for_review().values_list("pk", flat=True))
    assert {overdue.pk, ending_soon.pk, ended_recently.pk} <= due
    assert not {ended_long_ago.pk, fine.pk, replaced.pk} & due


def test_dashboard_shows_the_review_panel(admin_client_logged_in):
    AgreementFactory(title="Rutin som ska revideras snart", review_by=days(7))
    soup = soup_of(admin_client_logged_in.get("/admin/"))
    panel = soup.select_one("#att-revidera-content")
    assert "Rutin som ska revideras snart" in panel.get_text()
    assert panel.select_one("a[href*='att_revidera=true']")


def test_taxonomies_are_editable_snippets(admin_client_logged_in):
    for url in [
        "/admin/snippets/agreements/documenttype/",
        "/admin/snippets/agreements/topic/",
        "/admin/snippets/agreements/decisionbody/",
    ]:
        assert admin_client_logged_in.get(url).status_code == 200
    response = admin_client_logged_in.post(
        "/admin/snippets/agreements/documenttype/add/",
        {"name": "Policy", "slug": "", "sort_order": "5"},
    )
    assert response.status_code == 302
    assert DocumentType.objects.get(name="Policy").slug == "policy"


def edit_form_data(agreement, **changes):
    data = {
        "title": agreement.title,
        "slug": agreement.slug,
        "document_type": agreement.document_type_id,
        "level": agreement.level,
        "section": agreement.section_id,
        "parties": agreement.parties,
        "summary": agreement.summary,
        "valid_from": agreement.valid_from.isoformat() if agreement.valid_from else "",
        "valid_to": "",
        "review_by": "",
        "decided_on": "",
        "stage": agreement.stage,
        "whats_new": agreement.whats_new,
        "body-count": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_an_editor_creates_an_agreement_as_draft_then_publishes(admin_client_logged_in):
    template = AgreementFactory(title="Mall")
    data = edit_form_data(template, title="Helt nytt avtal", slug="helt-nytt-avtal")
    response = admin_client_logged_in.post(LIST_URL + "add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Agreement.objects.get(slug="helt-nytt-avtal")
    assert not created.live  # saved as a draft
    response = admin_client_logged_in.post(
        LIST_URL + f"edit/{created.pk}/", {**data, "action-publish": "action-publish"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created.refresh_from_db()
    assert created.live


def test_a_title_published_in_the_admin_takes_its_place_in_swedish_order(
    admin_client_logged_in, client
):
    """An editor renames "Avtal om hjälpmedel" to begin with Å and publishes it: the
    register's API lists it after Z and before Ä at once (byte order would put Ä first),
    and its keyset link goes on from there."""
    renamed = AgreementFactory(title="Avtal om hjälpmedel")
    AgreementFactory(title="Zeta-rutinen", slug="zeta-rutinen")
    AgreementFactory(title="Ärendegång för hjälpmedel")
    data = edit_form_data(renamed, title="Åtgärdsplan för hjälpmedel")
    response = admin_client_logged_in.post(
        LIST_URL + f"edit/{renamed.pk}/", {**data, "action-publish": "action-publish"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    api = register().url + "api/"
    assert [row["title"] for row in client.get(api).json()["results"]] == [
        "Zeta-rutinen",
        "Åtgärdsplan för hjälpmedel",
        "Ärendegång för hjälpmedel",
    ]
    following = client.get(api, {"efter": "zeta-rutinen"}).json()["results"]
    assert [row["title"] for row in following] == [
        "Åtgärdsplan för hjälpmedel",
        "Ärendegång för hjälpmedel",
    ]


def test_invalid_dates_are_refused_with_a_swedish_message(admin_client_logged_in):
    agreement = AgreementFactory()
    data = edit_form_data(agreement, valid_from=days(10).isoformat(), valid_to=days(1).isoformat())
    response = admin_client_logged_in.post(LIST_URL + f"edit/{agreement.pk}/", data)
    assert response.status_code == 200
    assert "”Gäller till” kan inte vara före ”Gäller från”." in response.content.decode()


def test_preview_shows_the_public_detail_page(admin_client_logged_in):
    agreement = AgreementFactory(title="Publicerad titel")
    data = edit_form_data(agreement, title="Förhandsvisad titel")
    preview_url = LIST_URL + f"preview/{agreement.pk}/"
    response = admin_client_logged_in.post(preview_url, data)
    assert response.json()["is_valid"] is True
    soup = soup_of(admin_client_logged_in.get(preview_url))
    assert soup.h1.get_text(strip=True) == "Förhandsvisad titel"
    assert soup.select_one("dl.facts")
    # Nothing public changed.
    agreement.refresh_from_db()
    assert agreement.title != "Förhandsvisad titel"


def test_agreement_model_offers_workflow_locking_and_scheduling():
    from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

    for mixin in (WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin):
        assert issubclass(Agreement, mixin)
    field_names = {f.name for f in Agreement._meta.get_fields()}
    assert {"go_live_at", "expire_at", "locked", "latest_revision"} <= field_names


def test_scheduled_publishing_publishes_when_due(admin_client_logged_in):
    from django.core.management import call_command
    from django.utils import timezone

    agreement = AgreementFactory(
        title="Schemalagt avtal",
        publish=False,
        document_type=document_type("Rutin"),
        level=Level.COUNTY,
        section=county(),
    )
    revision = agreement.save_revision(approved_go_live_at=timezone.now())
    agreement.refresh_from_db()
    assert not agreement.live and revision.approved_go_live_at
    call_command("publish_scheduled")
    agreement.refresh_from_db()
    assert agreement.live


def test_scheduling_uses_the_browsers_own_date_and_time_inputs(admin_client_logged_in):
    """No jQuery date picker (its text is English): native inputs, and a schedule set
    through them is saved."""
    agreement = AgreementFactory(title="Schemaläggs i formuläret")
    html = admin_client_logged_in.get(LIST_URL + f"edit/{agreement.pk}/").content.decode()
    assert 'type="date" name="valid_from"' in html
    assert 'type="datetime-local" name="go_live_at"' in html
    go_live = days(30).isoformat() + "T10:00"
    data = edit_form_data(agreement, go_live_at=go_live, **{"action-publish": "action-publish"})
    response = admin_client_logged_in.post(LIST_URL + f"edit/{agreement.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement.refresh_from_db()
    revision = agreement.latest_revision
    assert revision.approved_go_live_at.date() == days(30)
