"""A section editor names only their own section's municipalities on an agreement; an
editor of the county level (and the kommunikatör) may name any of the 49."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Revision

from agreements.models import Level
from tests.factories.agreements import AgreementFactory, admin_form_data, municipality
from tests.factories.pages import county, editor, kommunikator, section

pytestmark = pytest.mark.django_db

SNIPPETS = "/admin/snippets/agreements/agreement/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def offered_municipalities(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {
        label.get_text(strip=True)
        for label in soup.select("[data-field-wrapper] label")
        if label.find("input", attrs={"name": "municipalities"})
    }, soup


@pytest.fixture
def fyrbodal_agreement(db):
    agreement = AgreementFactory(
        title="Samverkan i Fyrbodal", section=section("Fyrbodal"), level=Level.SUBREGIONAL
    )
    agreement.save_revision().publish()
    return agreement


def test_section_editor_is_offered_only_own_municipalities(fyrbodal_agreement):
    client = signed_in(editor(section("Fyrbodal")))
    names, soup = offered_municipalities(client, f"{SNIPPETS}edit/{fyrbodal_agreement.pk}/")
    assert "Uddevalla" in names and "Trollhättan" in names
    assert "Göteborg" not in names and "Skövde" not in names
    assert "Du kan välja kommuner i Fyrbodal" in soup.get_text()


def test_forged_municipality_is_refused_in_swedish_and_nothing_is_saved(fyrbodal_agreement):
    client = signed_in(editor(section("Fyrbodal")))
    revisions = Revision.objects.for_instance(fyrbodal_agreement).count()
    data = admin_form_data(fyrbodal_agreement, municipalities=[municipality("Göteborg").pk])
    response = client.post(f"{SNIPPETS}edit/{fyrbodal_agreement.pk}/", data)
    assert response.status_code == 200
    assert "Du kan bara välja kommuner i Fyrbodal" in response.content.decode()
    assert Revision.objects.for_instance(fyrbodal_agreement).count() == revisions
    # Its own municipality is accepted.
    data = admin_form_data(fyrbodal_agreement, municipalities=[municipality("Uddevalla").pk])
    assert client.post(f"{SNIPPETS}edit/{fyrbodal_agreement.pk}/", data).status_code == 302


def test_county_editor_and_kommunikator_are_offered_all_municipalities():
    agreement = AgreementFactory(section=county())
    for user in (editor(county()), kommunikator()):
        names, _ = offered_municipalities(signed_in(user), f"{SNIPPETS}edit/{agreement.pk}/")
        assert len(names) == 49, user
