"""``manage.py setup_site`` builds the structure once and is safe to run again.

The session's structure was built by ``setup_site`` (tests/conftest.py); the demo content
has its own tests in tests/demo/.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, Site

from pages.models import Contact, ContentPage, Municipality, SectionPage, SiteSettings
from tests.factories.pages import ContactFactory, ContentPageFactory, DocumentFactory, section

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "municipalities": Municipality.objects.count(),
        "contacts": Contact.objects.count(),
        "documents": get_document_model().objects.count(),
        "sites": Site.objects.count(),
        "settings": SiteSettings.objects.count(),
    }


def run(*args):
    out = io.StringIO()
    call_command("setup_site", *args, stdout=out)
    return out.getvalue()


def test_seven_sections_and_49_municipalities():
    sections = SectionPage.objects.live()
    assert sections.count() == 7
    assert sections.filter(level=SectionPage.Level.COUNTY).count() == 1
    assert Municipality.objects.count() == 49
    counts = {s.short_name: s.municipalities.count() for s in sections}
    assert counts == {
        "Länsnivå": 0,
        "Fyrbodal": 15,
        "Skaraborg": 15,
        "Södra Älvsborg": 8,
        "Göteborgsområdet": 5,
        "SIMBA": 4,
        "SAMLA": 2,
    }
    assert Municipality.objects.get(name="Lerum").section.short_name == "SAMLA"


def test_the_default_site_serves_the_home_page():
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    assert not Page.objects.filter(title__startswith="Welcome").exists()


def test_running_setup_twice_changes_nothing():
    before = snapshot()
    output = run()
    assert snapshot() == before
    assert "inget ändrades" in output


def test_setup_keeps_what_editors_added_and_changed():
    fyrbodal = section("Fyrbodal")
    fyrbodal.title = "Fyrbodals vårdsamverkan"
    fyrbodal.intro = "En ingress som redaktören har skrivit."
    fyrbodal.save_revision().publish()
    page = ContentPageFactory(parent=fyrbodal, title="Lokala rutiner")
    ContactFactory()
    DocumentFactory()
    before = snapshot()
    run()
    assert snapshot() == before
    fyrbodal.refresh_from_db()
    assert (fyrbodal.title, fyrbodal.intro) == (
        "Fyrbodals vårdsamverkan",
        "En ingress som redaktören har skrivit.",
    )
    assert ContentPage.objects.get(pk=page.pk).live


def test_setup_restores_a_deleted_section_without_duplicating_others():
    samla = section("SAMLA")
    samla.municipalities.all().delete()
    samla.delete()
    run()
    assert SectionPage.objects.count() == 7
    samla = section("SAMLA")
    assert sorted(m.name for m in samla.municipalities.all()) == ["Alingsås", "Lerum"]


def test_a_section_with_municipalities_cannot_be_deleted_by_accident():
    with pytest.raises(ProtectedError):
        section("SAMLA").delete()


def test_sections_are_found_by_type_and_name_not_slug():
    """An editor may change a section's slug; setup must not create a second one."""
    fyrbodal = section("Fyrbodal")
    fyrbodal.slug = "vardsamverkan-fyrbodal"
    fyrbodal.save_revision().publish()
    run()
    assert SectionPage.objects.filter(short_name="Fyrbodal").count() == 1


def test_the_county_section_is_found_by_its_level_when_renamed():
    county = SectionPage.objects.get(level=SectionPage.Level.COUNTY)
    county.short_name = "Länet"
    county.slug = "lanet"
    county.save_revision().publish()
    run()
    assert SectionPage.objects.filter(level=SectionPage.Level.COUNTY).count() == 1
    assert SectionPage.objects.count() == 7


@override_settings(DEMO_CONTENT_ALLOWED=False)
def test_demo_is_refused_under_production_settings():
    before = snapshot()
    with pytest.raises(CommandError, match="produktionsinställningar"):
        run("--demo")
    assert snapshot() == before


def test_new_passwords_are_refused_without_demo():
    with pytest.raises(CommandError, match="bara användas tillsammans med --demo"):
        run("--new-passwords")
