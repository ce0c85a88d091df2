"""The site's fixed structure: home page, the seven sections and the 49 municipalities.

Used by ``manage.py setup_site``. Every function here is idempotent: it looks for what
exists (by page type, level and name, never by a slug an editor may have changed) and
only creates what is missing, so running it again changes nothing.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page, Site

from .models import HomePage, Municipality, NewsIndexPage, SectionPage, SiteSettings

SITE_NAME = "Vårdsamverkan i Västra Götaland"


@dataclass(frozen=True)
class SectionSpec:
    short_name: str
    title: str
    slug: str
    level: str
    intro: str
    hospital_area: str = ""
    municipalities: list[str] = field(default_factory=list)


SECTIONS = [
    SectionSpec(
        short_name="Länsnivå",
        title="Länsnivå",
        slug="lansniva",
        level=SectionPage.Level.COUNTY,
        intro=(
            "Här samlas samverkan som gäller hela länet: den politiska samrådsorganisationen "
            "SRO, ledningsgruppen VVG och de länsgemensamma grupperna och processerna."
        ),
    ),
    SectionSpec(
        short_name="Fyrbodal",
        title="Vårdsamverkan Fyrbodal",
        slug="fyrbodal",
        level=SectionPage.Level.SUBREGIONAL,
        intro=(
            "Samverkan mellan NU-sjukvården, primärvården och de femton kommunerna i "
            "Fyrbodal, med en närsjukvårdsgrupp i varje kommun."
        ),
        hospital_area="NU-sjukvården",
        municipalities=[
            "Bengtsfors",
            "Dals-Ed",
            "Färgelanda",
            "Lilla Edet",
            "Lysekil",
            "Mellerud",
            "Munkedal",
            "Orust",
            "Sotenäs",
            "Strömstad",
            "Tanum",
            "Trollhättan",
            "Uddevalla",
            "Vänersborg",
            "Åmål",
        ],
    ),
    SectionSpec(
        short_name="Skaraborg",
        title="Vårdsamverkan Skaraborg",
        slug="skaraborg",
        level=SectionPage.Level.SUBREGIONAL,
        intro=(
            "Samverkan mellan Skaraborgs Sjukhus, primärvården och Skaraborgs femton "
            "kommuner, organiserad i närvårdsområden."
        ),
        hospital_area="Skaraborgs Sjukhus",
        municipalities=[
            "Essunga",
            "Falköping",
            "Grästorp",
            "Gullspång",
            "Götene",
            "Hjo",
            "Karlsborg",
            "Lidköping",
            "Mariestad",
            "Skara",
            "Skövde",
            "Tibro",
            "Tidaholm",
            "Töreboda",
            "Vara",
        ],
    ),
    SectionSpec(
        short_name="Södra Älvsborg",
        title="Vårdsamverkan Södra Älvsborg",
        slug="sodra-alvsborg",
        level=SectionPage.Level.SUBREGIONAL,
        intro=(
            "Samverkan mellan Södra Älvsborgs sjukhus, primärvården och åtta kommuner, med "
            "ett gemensamt närvårdskontor och lokala ledningsgrupper i varje kommun."
        ),
        hospital_area="Södra Älvsborgs sjukhus (SÄS)",
        municipalities=[
            "Bollebygd",
            "Borås",
            "Herrljunga",
            "Mark",
            "Svenljunga",
            "Tranemo",
            "Ulricehamn",
            "Vårgårda",
        ],
    ),
    SectionSpec(
        short_name="Göteborgsområdet",
        title="Vårdsamverkan i Göteborgsområdet",
        slug="goteborgsomradet",
        level=SectionPage.Level.SUBREGIONAL,
        intro=(
            "Samverkan mellan Sahlgrenska Universitetssjukhuset, primärvården och Göteborg, "
            "Härryda, Mölndal, Partille och Öckerö, med närområdessamverkan (NOSAM) lokalt."
        ),
        hospital_area="Sahlgrenska Universitetssjukhuset",
        municipalities=["Göteborg", "Härryda", "Mölndal", "Partille", "Öckerö"],
    ),
    SectionSpec(
        short_name="SIMBA",
        title="SIMBA – samverkan i Ale, Kungälv, Stenungsund, Tjörn",
        slug="simba",
        level=SectionPage.Level.SUBREGIONAL,
        intro=(
            "SIMBA är samverkan mellan Kungälvs sjukhus, primärvården och kommunerna Ale, "
            "Kungälv, Stenungsund och Tjörn."
        ),
        hospital_area="Kungälvs sjukhus",
        municipalities=["Ale", "Kungälv", "Stenungsund", "Tjörn"],
    ),
    SectionSpec(
        short_name="SAMLA",
        title="SAMLA",
        slug="samla",
        level=SectionPage.Level.SUBREGIONAL,
        intro=(
            "SAMLA är samverkan mellan Alingsås lasarett, primärvården och kommunerna "
            "Alingsås och Lerum."
        ),
        hospital_area="Alingsås lasarett",
        municipalities=["Alingsås", "Lerum"],
    ),
]

HOME_INTRO = (
    "Här hittar du avtal och överenskommelser mellan Västra Götalandsregionen och länets 49 "
    "kommuner, hur samverkan är organiserad i länet och i de sex delregionerna, och nyheter "
    "om arbetet."
)


class SetupReport:
    """Counts what a setup run created, so the command can say so (and tests can check).

    ``closing`` holds what the command prints last, after the list of what was created,
    so that it is what a person sees when the command ends (the demo accounts)."""

    def __init__(self):
        self.created = []
        self.closing = []

    def add(self, kind, name):
        self.created.append((kind, name))


def add_child(parent, page):
    """Add a page under ``parent`` and publish it (setup content is live at once)."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def ensure_structure(report=None):
    """Home page, site record, sections, municipalities, site-wide news, site settings."""
    report = report or SetupReport()
    home = ensure_home(report)
    for spec in SECTIONS:
        section = ensure_section(home, spec, report)
        for name in spec.municipalities:
            # slugify() folds å, ä, ö to a, a, o: "Åmål" -> "amal".
            _, created = Municipality.objects.get_or_create(
                name=name, defaults={"slug": slugify(name), "section": section}
            )
            if created:
                report.add("kommun", name)
    ensure_news_index(home, report)
    site = Site.objects.get(is_default_site=True)
    SiteSettings.for_site(site)  # creates the row with its defaults if missing
    return home, report


def site_address():
    """Hostname and port of the Wagtail Site, from settings.SITE_URL (the public address).

    Used only when the site record is created: afterwards the kommunikatör owns it in the
    admin. Full URLs (sitemap, feeds, e-mail links) are built from it.
    """
    url = urlsplit(settings.SITE_URL)
    default_port = 443 if url.scheme == "https" else 80
    return {
        "hostname": url.hostname or "localhost",
        "port": url.port or default_port,
        "site_name": SITE_NAME,
    }


def ensure_home(report):
    home = HomePage.objects.first()
    site = Site.objects.filter(is_default_site=True).first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration creates a placeholder "Welcome" page; replace it.
        placeholder = Page.objects.filter(depth=2, content_type__model="page").first()
        home = HomePage(
            title="Vårdsamverkan i Västra Götaland",
            slug="startsida",
            intro=HOME_INTRO,
            seo_title="Startsida",
        )
        add_child(root, home)
        if site is None:
            site = Site.objects.create(root_page=home, is_default_site=True, **site_address())
        else:
            # Wagtail's migration made a "localhost" site; give it the configured address.
            site.root_page = home
            for name, value in site_address().items():
                setattr(site, name, value)
            site.save()
        if placeholder is not None and not placeholder.get_children().exists():
            placeholder.delete()
        report.add("sida", home.title)
    elif site is None:
        Site.objects.create(root_page=home, is_default_site=True, **site_address())
    return home


def ensure_section(home, spec, report):
    section = SectionPage.objects.child_of(home).filter(short_name=spec.short_name).first()
    if section is None and spec.level == SectionPage.Level.COUNTY:
        section = SectionPage.objects.child_of(home).filter(level=spec.level).first()
    if section is None:
        section = add_child(
            home,
            SectionPage(
                title=spec.title,
                slug=spec.slug,
                short_name=spec.short_name,
                level=spec.level,
                intro=spec.intro,
                hospital_area=spec.hospital_area,
                show_in_menus=True,
            ),
        )
        report.add("sektion", spec.short_name)
    return section


def ensure_news_index(home, report):
    news_index = NewsIndexPage.objects.child_of(home).first()
    if news_index is None:
        news_index = add_child(
            home,
            NewsIndexPage(
                title="Nyheter",
                slug="nyheter",
                show_in_menus=True,
                intro="Nyheter från länsnivån och alla delregioner, de senaste först.",
            ),
        )
        report.add("sida", news_index.title)
    return news_index
