"""Contact persons (the Contact snippet) as contact cards on sections, groups, agreements and
content pages, and the kommunikatör's contact details in the footer."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from pages.models import SectionContact, SiteSettings
from tests.factories.agreements import AgreementFactory, register
from tests.factories.pages import ContactFactory, ContentPageFactory, GroupPageFactory, section

pytestmark = pytest.mark.django_db


def cards(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser").select("main .contact-card")


def assert_card_for(card_list, contact):
    card = next((c for c in card_list if contact.name in c.get_text()), None)
    assert card is not None, (contact.name, [c.get_text(" ", strip=True) for c in card_list])
    assert card.select_one(f"a[href='mailto:{contact.email}']")
    assert contact.phone in card.get_text()
    assert card.select_one("a[href='tel:0701740650']"), "the number can be called"


def test_section_page_shows_its_contact_persons(client):
    skaraborg = section("Skaraborg")
    contacts = ContactFactory.create_batch(2)
    for contact in contacts:
        SectionContact.objects.create(page=skaraborg, contact=contact)
    found = cards(client, skaraborg.url)
    for contact in contacts:
        assert_card_for(found, contact)


def test_group_page_shows_its_contact_person(client):
    contact = ContactFactory(name="Gunilla Gruppsson")
    group = GroupPageFactory(contact=contact)
    assert_card_for(cards(client, group.url), contact)


def test_agreement_page_shows_its_contact_person(client):
    contact = ContactFactory(name="Anders Avtalsson")
    agreement = AgreementFactory(contact=contact)
    assert_card_for(cards(client, register().agreement_url(agreement)), contact)


def test_content_page_shows_a_contact_card_block(client):
    contact = ContactFactory(name="Karin Kortsson")
    page = ContentPageFactory(parent=section("Fyrbodal"), body=[("contact", {"contact": contact})])
    assert_card_for(cards(client, page.url), contact)


def test_a_changed_phone_number_shows_at_once_everywhere(client):
    contact = ContactFactory(name="Petra Flyttsson")
    group = GroupPageFactory(contact=contact)
    assert "070-174 06 50" in client.get(group.url).content.decode()
    contact.phone = "031-10 20 30"
    contact.save()
    html = client.get(group.url).content.decode()
    assert "031-10 20 30" in html and "070-174 06 50" not in html


def test_footer_shows_the_kommunikators_contact_details(client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.communicator = ContactFactory(name="Klara Kommunikatör", role="Kommunikatör")
    settings.email = "info@vardsamverkan.se"
    settings.phone = "010-441 00 00"
    settings.address = "Box 1091, 405 23 Göteborg"
    settings.save()
    footer = BeautifulSoup(client.get("/").content, "html.parser").select_one("footer")
    text = footer.get_text(" ", strip=True)
    assert "Klara Kommunikatör, kommunikatör" in text
    assert footer.select_one(f"a[href='mailto:{settings.communicator.email}']")
    assert footer.select_one("a[href='mailto:info@vardsamverkan.se']")
    assert "010-441 00 00" in text and "Box 1091, 405 23 Göteborg" in text
