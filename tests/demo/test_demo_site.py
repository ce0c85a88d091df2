"""The demo site that ``setup_site --demo`` builds (``make run``): what a visitor trying it
finds, and what the browser tests rely on."""

import datetime
import io
import itertools
import re

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import Page, Site

from agreements.models import Agreement, AgreementIndexPage, Status
from pages.models import (
    Contact,
    ContentPage,
    GroupPage,
    NewsPage,
    SectionPage,
    SiteSettings,
    StatusReportIndexPage,
    StatusReportPage,
    SurveyPage,
)
from pages.models.reports import month_name, next_month

pytestmark = pytest.mark.django_db


def soup_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text_of(soup):
    return " ".join(soup.get_text(" ").split())


def count_every_model():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_building_the_demo_twice_changes_nothing():
    before = count_every_model()
    out = io.StringIO()
    call_command("setup_site", "--demo", stdout=out)
    assert count_every_model() == before
    assert "Allt fanns redan; inget ändrades." in out.getvalue()


def test_every_section_has_a_contact_groups_and_news():
    for section in SectionPage.objects.all():
        assert section.contacts.exists(), section.short_name
        assert GroupPage.objects.live().child_of(section).count() >= 2, section.short_name
        assert NewsPage.objects.live().descendant_of(section).exists(), section.short_name


def test_the_county_groups_show_members_meetings_and_minutes(client):
    county = SectionPage.objects.get(level=SectionPage.Level.COUNTY)
    groups = {g.slug: g for g in GroupPage.objects.live().child_of(county)}
    assert {"vvg", "sro"} <= groups.keys()
    vvg = groups["vvg"]
    assert vvg.title == "VVG – Vårdsamverkan Västra Götaland"
    assert vvg.members.count() == 9
    assert vvg.meetings.count() == 4
    assert all(meeting.date.weekday() == 1 for meeting in vvg.meetings.all())  # Tuesdays
    assert vvg.documents.count() == 2
    text = text_of(soup_of(client, vvg.url))
    assert vvg.members.first().name in text
    assert "Protokoll" in text


def test_the_content_pages_that_other_tests_rely_on(client):
    county = SectionPage.objects.get(level=SectionPage.Level.COUNTY)
    sip = ContentPage.objects.live().child_of(county).get(title="Samordnad individuell plan (SIP)")
    assert sip.url == "/lansniva/sip/"
    discharge = ContentPage.objects.live().get(title="Samverkan vid in- och utskrivning")
    assert [block.block_type for block in discharge.body] == [
        "paragraph",
        "heading",
        "paragraph",
        "image",
        "callout",
        "table",
    ]
    soup = soup_of(client, discharge.url)
    assert soup.select_one("main img[alt^='Illustration av vårdkedjan']")
    assert soup.select_one("table caption").get_text(strip=True) == "Tidsgränser vid utskrivning"
    assert "Gäller hela länet" in text_of(soup)


def test_kommun_fvm_has_six_monthly_reports_published_after_each_month():
    county = SectionPage.objects.get(level=SectionPage.Level.COUNTY)
    index = StatusReportIndexPage.objects.child_of(county).get()
    assert index.url == "/lansniva/kommun-fvm/"
    reports = StatusReportPage.objects.published().child_of(index).order_by("report_month")
    # The dates follow the day the demo was built: the newest report is last month's.
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    months = [r.report_month for r in reports]
    assert len(months) == 6 and months[-1] == last_month
    assert all(later > earlier for earlier, later in itertools.pairwise(months))
    # Its texts name its months: the plan is for the month after it.
    latest = reports.last()
    assert f"I {month_name(next_month(latest.report_month))} " in latest.plan
    for report in reports:
        assert report.first_published_at.date() > report.report_month.replace(day=28)
        assert report.indicators.count() == 3
        assert report.author.name == "Ylva Brandt"


def test_the_agreements_show_every_status_and_a_version_chain():
    agreements = {a.slug: a for a in Agreement.objects.filter(live=True)}
    assert len(agreements) == 20
    assert agreements["sip-rutin-fyrbodal"].status == Status.UPCOMING
    assert agreements["riktlinje-sip"].status == Status.EXPIRED
    assert agreements["vastbus-riktlinjer-2005"].status == Status.REPLACED
    assert agreements["halso-och-sjukvardsavtalet"].status == Status.IN_FORCE
    assert agreements["halso-och-sjukvardsavtalet"].under_revision
    chain = agreements["barns-och-ungas-halsa"]
    assert chain.replaces.slug == "vastbus-riktlinjer-2012"
    assert chain.replaces.replaces.slug == "vastbus-riktlinjer-2005"
    local = agreements["mobila-team-norra-skaraborg"]
    assert sorted(m.name for m in local.municipalities.all()) == [
        "Gullspång",
        "Mariestad",
        "Töreboda",
    ]


def test_one_proposal_on_consultation_and_one_agreement_with_decisions(client):
    """The register, the agreement pages and the exports show both."""
    proposal = Agreement.objects.get(stage="remiss")
    decided = Agreement.objects.get(needs_party_decisions=True)
    assert proposal.replaces.slug == "halso-och-sjukvardsavtalet"
    progress = decided.decision_progress
    assert decided.level == "county" and 0 < progress.decided < progress.parties == 50
    register = AgreementIndexPage.objects.get().url

    listed = text_of(soup_of(client, register, status="remiss"))
    assert proposal.title in listed
    assert f"{progress.text}" in text_of(soup_of(client, register))
    assert proposal.title in text_of(soup_of(client, f"{register}remisser/"))
    assert "Förslag på remiss." in text_of(soup_of(client, proposal.url))
    assert "Tillagt" in text_of(soup_of(client, f"{proposal.url}jamfor/"))
    page = soup_of(client, decided.url)
    assert progress.text in text_of(page)
    assert len(page.select(".decision-table tbody tr")) == 50

    response = client.get(f"{register}export.csv", {"status": "alla"})
    export = b"".join(response.streaming_content).decode("utf-8-sig")
    assert f"{proposal.slug};" in export and ";På remiss;" in export
    assert progress.text in export
    api = client.get(f"{register}api/", {"status": "alla"}).json()
    rows = {row["slug"]: row for row in api["results"]}
    assert rows[proposal.slug]["status"]["label"] == "På remiss"
    assert rows[decided.slug]["decision_progress"]["text"] == progress.text


@pytest.mark.parametrize(
    "query, expected",
    [
        ("hemsjukvård", "Samverkansavtal om hemsjukvård i Alingsås och Lerum"),
        ("utskrivning", "Gemensam riktlinje om in- och utskrivning"),
        ("SIP", "Samverkan för barns och ungas hälsa"),
    ],
)
def test_the_register_finds_agreements_by_everyday_words(client, query, expected):
    soup = soup_of(client, AgreementIndexPage.objects.get().url, q=query)
    assert expected in [a.get_text(strip=True) for a in soup.select(".agreement-item__title a")]


def test_the_site_search_finds_agreements_by_a_compound_word(client):
    soup = soup_of(client, "/sok/", q="hemsjukvårdsavtal")
    titles = [t.get_text(strip=True) for t in soup.select(".search-result__title")]
    assert "Hälso- och sjukvårdsavtalet" in titles


def test_attachments_are_pdfs_whose_text_can_be_extracted():
    agreement = Agreement.objects.get(slug="in-och-utskrivning")
    attachments = list(agreement.attachments.select_related("document"))
    assert [a.role for a in attachments] == ["huvuddokument", "bilaga"]
    for attachment in attachments:
        with attachment.document.file.open("rb") as file:
            text = " ".join(page.extract_text() for page in PdfReader(file).pages)
        assert " ".join(agreement.summary.split()) in " ".join(text.split())


def test_minutes_differ_from_meeting_to_meeting():
    from pages.models import GroupDocument

    texts = []
    for item in GroupDocument.objects.filter(kind=GroupDocument.Kind.MINUTES).order_by("pk"):
        with item.document.file.open("rb") as file:
            text = " ".join(page.extract_text() for page in PdfReader(file).pages)
        # What was discussed, without the heading's group name, date and place.
        texts.append(" ".join(text.split()).split("dagordningen fastställdes.")[1])
    assert len(texts) >= 4
    assert all(a != b for a, b in itertools.pairwise(texts))
    assert len(set(texts)) >= 3


def test_people_phone_numbers_and_addresses_are_fictional():
    contacts = Contact.objects.all()
    assert contacts.count() >= 9
    for contact in contacts:
        assert re.fullmatch(r"070-174 06 \d\d", contact.phone), contact.phone
        assert contact.email.endswith("@example.org"), contact.email
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.phone.startswith("070-174 06 ")
    assert settings.email.endswith("@example.org")


def test_the_footer_names_the_communicator_and_links_the_pages_about_the_site(client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    pages = [settings.accessibility_page, settings.privacy_page, settings.cookies_page]
    assert [page.title for page in pages] == [
        "Tillgänglighetsredogörelse",
        "Behandling av personuppgifter",
        "Kakor",
    ]
    footer = soup_of(client, "/").select_one("footer")
    assert settings.communicator.name in text_of(footer)
    links = {a["href"] for a in footer.select("a[href]")}
    assert {page.url for page in pages} <= links


@pytest.mark.parametrize(
    "query, title",
    [
        ("sip", "Samordnad individuell plan (SIP)"),
        ("avtal", "Avtal och överenskommelser"),
        ("lägesrapport", "Kommun-FVM"),
    ],
)
def test_common_searches_show_a_promoted_result(client, query, title):
    promoted = soup_of(client, "/sok/", q=query).select_one(".search-promotions a")
    assert promoted.get_text(strip=True) == title


def test_the_survey_asks_five_questions_and_mails_the_communicator(client):
    survey = SurveyPage.objects.live().get()
    assert survey.url == "/enkat/"
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert survey.to_address == settings.communicator.email
    text = text_of(soup_of(client, survey.url))
    labels = list(survey.form_fields.values_list("label", flat=True))
    assert len(labels) == 5
    assert all(label in text for label in labels)


def test_every_demo_page_and_agreement_opens(client):
    urls = [page.url for page in Page.objects.live().filter(depth__gt=1).specific()]
    urls += [agreement.url for agreement in Agreement.objects.filter(live=True)]
    urls += [f"{a.url}jamfor/" for a in Agreement.objects.filter(live=True, replaces__live=True)]
    assert len(urls) > 80
    failed = [url for url in urls if client.get(url).status_code != 200]
    assert failed == []
