"""Contact persons (the Contact snippet) as contact cards on sections, groups, agreements and
content pages, and the kommunikatör's contact details in the footer."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from agreements.models import Agreement, AgreementIndexPage
from pages.models import ContentPage, GroupPage, SiteSettings
from tests.conftest import first_of_type

pytestmark = pytest.mark.django_db


def cards(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "html.parser")
    return soup, soup.select("main .contact-card")


def assert_card_for(card_list, contact):
    texts = [card.get_text(" ", strip=True) for card in card_list]
    card = next((c for c, t in zip(card_list, texts, strict=True) if contact.name in t), None)
    assert card is not None, (contact.name, texts)
    if contact.email:
        assert card.select_one(f"a[href='mailto:{contact.email}']")
    if contact.phone:
        assert contact.phone in card.get_text()


def test_section_page_shows_its_contact_persons(client, sections):
    section = sections["Skaraborg"]
    contacts = [c.contact for c in section.contacts.select_related("contact")]
    assert contacts
    _, found = cards(client, section.url)
    for contact in contacts:
        assert_card_for(found, contact)


def test_group_page_shows_its_contact_person(client):
    group = first_of_type(GroupPage, contact__isnull=False)
    _, found = cards(client, group.url)
    assert_card_for(found, group.contact)


def test_agreement_page_shows_its_contact_person(client):
    agreement = Agreement.objects.public().filter(contact__isnull=False).first()
    register = AgreementIndexPage.objects.live().get()
    _, found = cards(client, register.agreement_url(agreement))
    assert_card_for(found, agreement.contact)


def test_content_page_shows_a_contact_card_block(client, sections):
    page = ContentPage.objects.live().descendant_of(sections["Fyrbodal"]).first()
    contact = sections["Fyrbodal"].contacts.first().contact
    page.body.append(("contact", {"contact": contact}))
    page.save_revision().publish()
    _, found = cards(client, page.url)
    assert_card_for(found, contact)


def test_footer_shows_the_kommunikators_contact_details(client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    communicator = settings.communicator
    assert communicator is not None and communicator.email
    response = client.get("/")
    footer = BeautifulSoup(response.content, "html.parser").select_one("footer")
    text = footer.get_text(" ", strip=True)
    assert communicator.name in text
    assert footer.select_one(f"a[href='mailto:{communicator.email}']")
    assert footer.select_one(f"a[href='mailto:{settings.email}']")
    assert settings.phone in text and settings.address in text
