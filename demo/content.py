"""Demo content for ``setup_site --demo``: groups, news, content pages and contacts.

Written for this project from the public facts in the design notes; every person, phone
number and e-mail address is fictional (phone numbers are in the 070-174 06 xx series that
Swedish authorities reserve for fiction, e-mail addresses use the reserved example.org
domain). Like the structure setup, it only adds what is missing, so it is safe to re-run
and never overwrites what an editor has changed.
"""

import datetime
import io
import itertools

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Site

from pages.models import (
    Contact,
    ContentPage,
    GroupDocument,
    GroupMeeting,
    GroupMember,
    GroupPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SectionContact,
    SectionPage,
    SiteSettings,
)
from pages.setup import add_child

from .pdf import make_pdf
from .reports import build_status_reports
from .survey import build_survey

G = GroupPage.GroupType

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Johan",
    "Karin",
    "Lars",
    "Eva",
    "Anders",
    "Sara",
    "Per",
    "Linnea",
    "Mikael",
    "Helena",
    "Fredrik",
    "Ingrid",
    "Jonas",
    "Elin",
    "Magnus",
    "Camilla",
    "Oskar",
    "Åsa",
    "Björn",
    "Malin",
    "Nils",
    "Therese",
    "Gustav",
    "Emma",
    "Henrik",
]
LAST_NAMES = [
    "Lindqvist",
    "Bergström",
    "Holm",
    "Sandberg",
    "Ekman",
    "Nyberg",
    "Forsberg",
    "Dahl",
    "Lundgren",
    "Håkansson",
    "Strand",
    "Sjöberg",
    "Wikström",
    "Engström",
    "Åberg",
    "Falk",
    "Hedlund",
    "Blom",
    "Lindahl",
    "Öhman",
    "Berglund",
    "Nordin",
    "Sundberg",
    "Jakobsson",
]


def fictional_people():
    """An endless, deterministic stream of fictional names (no real person intended)."""
    for i in itertools.count():
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[(5 * i + i // len(FIRST_NAMES)) % len(LAST_NAMES)]
        yield f"{first} {last}"


def fictional_phone(n):
    return f"070-174 06 {5 + (n % 95):02d}"


def email_for(name):
    local = name.lower().replace(" ", ".").replace("å", "a").replace("ä", "a").replace("ö", "o")
    return f"{local}@example.org"


# --- Section content -------------------------------------------------------------------------
# For each section (by short name): contact role, groups, content pages and news.
# Group members are given as (represents, role); names are drawn from fictional_people().

COUNTY = "Länsnivå"

SECTION_CONTENT = {
    COUNTY: {
        "contact": ("Processledare länsgemensam samverkan", "VästKom"),
        "groups": [
            {
                "title": "VVG – Vårdsamverkan Västra Götaland",
                "slug": "vvg",
                "type": G.MANAGEMENT,
                "intro": "VVG är den gemensamma ledningsstrukturen för samverkan mellan "
                "länets 49 kommuner och Västra Götalandsregionen. Gruppen bildades 2017 "
                "och ersatte då LiSA.",
                "mandate": "<p>VVG leder och samordnar den länsgemensamma samverkan inom "
                "hälso- och sjukvård och socialtjänst. Gruppen bereder frågor till SRO och "
                "följer upp att gemensamma överenskommelser får genomslag i delregionerna.</p>"
                "<p>Ordförandeskapet växlar varje år mellan VästKom och Västra "
                "Götalandsregionens koncernkontor, som tillsammans också bereder ärendena.</p>",
                "frequency": "Cirka tio möten per år",
                "members": [
                    ("VästKom", "Ordförande"),
                    ("Västra Götalandsregionen, koncernkontoret", "Vice ordförande"),
                    ("Vårdsamverkan Fyrbodal", "Ledamot"),
                    ("Vårdsamverkan Skaraborg", "Ledamot"),
                    ("Vårdsamverkan Södra Älvsborg", "Ledamot"),
                    ("Vårdsamverkan i Göteborgsområdet", "Ledamot"),
                    ("SIMBA", "Ledamot"),
                    ("SAMLA", "Ledamot"),
                    ("VästKom", "Sekreterare"),
                ],
                "place": "Regionens hus, Göteborg",
            },
            {
                "title": "SRO – Politiskt samrådsorgan",
                "slug": "sro",
                "type": G.POLITICAL,
                "intro": "I SRO möts politiker från Västra Götalandsregionen och VästKom för "
                "att samråda om frågor som rör samverkan i hela länet.",
                "mandate": "<p>SRO fattar inga beslut som binder huvudmännen. Samrådsorganet "
                "enas om rekommendationer, och det är sedan regionen och varje kommun som "
                "beslutar om att anta dem.</p>",
                "frequency": "Fyra till sex möten per år",
                "members": [
                    ("Västra Götalandsregionen", "Ordförande"),
                    ("VästKom", "Vice ordförande"),
                    ("Västra Götalandsregionen", "Ledamot"),
                    ("Västra Götalandsregionen", "Ledamot"),
                    ("VästKom, Fyrbodals kommunalförbund", "Ledamot"),
                    ("VästKom, Skaraborgs kommunalförbund", "Ledamot"),
                    ("VästKom, Boråsregionen", "Ledamot"),
                    ("VästKom, Göteborgsregionen", "Ledamot"),
                ],
                "place": "VästKom, Göteborg",
            },
            {
                "title": "Styrgrupp psykisk hälsa",
                "slug": "styrgrupp-psykisk-halsa",
                "type": G.STEERING,
                "intro": "Styrgruppen leder det länsgemensamma arbetet med psykisk hälsa och "
                "följer upp handlingsplanen.",
                "mandate": "<p>Styrgruppen prioriterar och följer upp de gemensamma "
                "insatserna för psykisk hälsa och rapporterar till VVG.</p>",
                "frequency": "Varannan månad",
                "members": [
                    ("Västra Götalandsregionen", "Ordförande"),
                    ("VästKom", "Ledamot"),
                    ("Brukarorganisationerna", "Ledamot"),
                    ("Vårdsamverkan i Göteborgsområdet", "Ledamot"),
                    ("Vårdsamverkan Skaraborg", "Ledamot"),
                ],
                "place": "Digitalt möte",
            },
            {
                "title": "SAMSA förvaltning",
                "slug": "samsa-forvaltning",
                "type": G.WORKING_GROUP,
                "intro": "Förvaltningsgruppen ansvarar för IT-tjänsten SAMSA, som kommuner "
                "och region använder vid in- och utskrivning från sluten vård.",
                "mandate": "<p>Gruppen prioriterar ändringar i SAMSA, planerar utbildning "
                "och ser till att tjänsten stödjer den gemensamma rutinen.</p>",
                "frequency": "En gång per månad",
                "members": [
                    ("Västra Götalandsregionen, IT", "Förvaltningsledare"),
                    ("VästKom", "Ledamot"),
                    ("Uddevalla kommun", "Ledamot"),
                    ("Skövde kommun", "Ledamot"),
                    ("Sahlgrenska Universitetssjukhuset", "Ledamot"),
                ],
                "place": "Digitalt möte",
            },
        ],
        "pages": [
            {
                "title": "Samverkan vid in- och utskrivning",
                "slug": "in-och-utskrivning",
                "intro": "Så samarbetar kommuner, primärvård och sjukhus när en person "
                "skrivs in i och ut från sluten hälso- och sjukvård.",
                "body": [
                    (
                        "paragraph",
                        "<p>Lagen om samverkan vid utskrivning från sluten "
                        "hälso- och sjukvård (2017:612) gäller sedan 2018. I Västra Götaland "
                        "har kommunerna och regionen en gemensam överenskommelse, en riktlinje "
                        "och en rutin för hur arbetet går till.</p>",
                    ),
                    ("heading", "Det här ingår"),
                    (
                        "paragraph",
                        "<ul><li>Inskrivningsmeddelande till kommun och "
                        "primärvård inom ett dygn.</li><li>Planering inför utskrivning, vid "
                        "behov med samordnad individuell plan (SIP).</li>"
                        "<li>Informationsöverföring i IT-tjänsten SAMSA.</li></ul>",
                    ),
                    (
                        "image",
                        (
                            "Vårdkedjan vid utskrivning",
                            "Illustration av vårdkedjan: sjukhuset, primärvården och kommunen "
                            "som tre rutor förbundna med pilar.",
                        ),
                    ),
                    (
                        "callout",
                        (
                            "important",
                            "Gäller hela länet",
                            "<p>Rutinen är "
                            "gemensam för alla 49 kommuner och regionen. Lokala tillägg får inte "
                            "ändra tidsgränserna.</p>",
                        ),
                    ),
                    ("table", None),
                ],
            },
            {
                "title": "Samordnad individuell plan (SIP)",
                "slug": "sip",
                "intro": "SIP är en plan som görs tillsammans med den enskilde när både "
                "kommunen och regionen behöver ge insatser.",
                "body": [
                    (
                        "paragraph",
                        "<p>Den som behöver stöd från både socialtjänst och hälso- "
                        "och sjukvård ska inte behöva samordna insatserna själv. En SIP gör "
                        "tydligt vem som gör vad och när planen följs upp.</p>",
                    ),
                    ("heading", "När ska en SIP göras?"),
                    (
                        "paragraph",
                        "<p>När kommunen eller regionen bedömer att en plan behövs "
                        "för att den enskilde ska få sina behov tillgodosedda, och den enskilde "
                        "samtycker.</p>",
                    ),
                ],
            },
        ],
        "news": [
            (
                "Ny version av rutinen för in- och utskrivning",
                "Rutinen har förtydligats "
                "när det gäller planering inför utskrivning av barn och unga.",
            ),
            (
                "VVG samlade delregionerna till workshop om nära vård",
                "Representanter från "
                "alla sex delregioner delade erfarenheter av omställningen till nära vård.",
            ),
        ],
    },
    "Fyrbodal": {
        "contact": ("Samordnare Vårdsamverkan Fyrbodal", "Fyrbodals kommunalförbund"),
        "groups": [
            {
                "title": "Delregionalt politiskt samråd Fyrbodal",
                "slug": "politiskt-samrad",
                "type": G.POLITICAL,
                "intro": "Politiker från de femton kommunerna och regionen samråder om "
                "samverkan i Fyrbodal.",
                "mandate": "<p>Samrådet ger inriktning åt ledningsgruppens arbete och "
                "följer upp hur gemensamma överenskommelser genomförs i delregionen.</p>",
                "frequency": "Cirka fyra möten per år",
                "members": [
                    ("Uddevalla kommun", "Ordförande"),
                    (
                        "Västra Götalandsregionen, Hälso- och sjukvårdsnämnden väst",
                        "Vice ordförande",
                    ),
                    ("Trollhättans stad", "Ledamot"),
                    ("Vänersborgs kommun", "Ledamot"),
                    ("Strömstads kommun", "Ledamot"),
                    ("Åmåls kommun", "Ledamot"),
                ],
                "place": "Fyrbodals kommunalförbund, Vänersborg",
            },
            {
                "title": "Ledningsgrupp Vårdsamverkan Fyrbodal",
                "slug": "ledningsgrupp",
                "type": G.MANAGEMENT,
                "intro": "Tjänstepersoner från kommuner, NU-sjukvården och primärvården "
                "leder det gemensamma arbetet i Fyrbodal.",
                "mandate": "<p>Ledningsgruppen bereder ärenden till det politiska samrådet "
                "och stödjer närsjukvårdsgrupperna.</p>",
                "frequency": "En gång i månaden",
                "members": [
                    ("NU-sjukvården", "Ordförande"),
                    ("Vänersborgs kommun", "Vice ordförande"),
                    ("Primärvården Fyrbodal", "Ledamot"),
                    ("Lysekils kommun", "Ledamot"),
                    ("Bengtsfors kommun", "Ledamot"),
                ],
                "place": "NU-sjukvården, Trollhättan",
            },
            {
                "title": "Närsjukvårdsgrupp Uddevalla",
                "slug": "narsjukvardsgrupp-uddevalla",
                "type": G.LOCAL,
                "intro": "En av femton närsjukvårdsgrupper i Fyrbodal, där kommun, "
                "vårdcentraler och sjukhus löser vardagens samverkansfrågor.",
                "mandate": "<p>Gruppen följer upp hur in- och utskrivning fungerar lokalt "
                "och tar upp avvikelser som behöver lösas gemensamt.</p>",
                "frequency": "Sex möten per år",
                "members": [
                    ("Uddevalla kommun", "Ordförande"),
                    ("Vårdcentralerna i Uddevalla", "Ledamot"),
                    ("NU-sjukvården", "Ledamot"),
                ],
                "place": "Stadshuset, Uddevalla",
            },
        ],
        "pages": [
            {
                "title": "Så arbetar närsjukvårdsgrupperna",
                "slug": "narsjukvardsgrupperna",
                "intro": "Varje kommun i Fyrbodal har en närsjukvårdsgrupp där det lokala "
                "samarbetet planeras och följs upp.",
                "body": [
                    (
                        "paragraph",
                        "<p>Grupperna består av representanter för kommunen, "
                        "vårdcentralerna och NU-sjukvården. De rapporterar till "
                        "ledningsgruppen två gånger per år.</p>",
                    ),
                ],
            },
        ],
        "news": [
            (
                "Fyrbodal testar gemensam mall för SIP-möten",
                "Tre kommuner prövar under hösten en gemensam mall för att förbereda SIP-möten.",
            ),
            (
                "Närsjukvårdsgrupperna samlades i Vänersborg",
                "Ett hundratal deltagare "
                "diskuterade hur uppföljningen av utskrivningar kan bli enklare.",
            ),
        ],
    },
    "Skaraborg": {
        "contact": ("Processledare Närvård Skaraborg", "Skaraborgs kommunalförbund"),
        "groups": [
            {
                "title": "Politisk samverkansgrupp Närvård västra Skaraborg",
                "slug": "politisk-samverkansgrupp",
                "type": G.POLITICAL,
                "intro": "Politiker från kommunerna i västra Skaraborg och regionen "
                "samråder om närvården.",
                "mandate": "<p>Gruppen ger politisk förankring åt närvårdssamverkan och "
                "tar del av ledningsgruppens uppföljning.</p>",
                "frequency": "Fyra möten per år",
                "members": [
                    ("Lidköpings kommun", "Ordförande"),
                    (
                        "Västra Götalandsregionen, Hälso- och sjukvårdsnämnden östra",
                        "Vice ordförande",
                    ),
                    ("Götene kommun", "Ledamot"),
                    ("Grästorps kommun", "Ledamot"),
                    ("Vara kommun", "Ledamot"),
                    ("Essunga kommun", "Ledamot"),
                ],
                "place": "Stadshuset, Lidköping",
            },
            {
                "title": "Ledningsgrupp Närvård västra Skaraborg",
                "slug": "ledningsgrupp",
                "type": G.MANAGEMENT,
                "intro": "Ledningsgruppen leder närvårdssamverkan i västra Skaraborg och "
                "har ett arbetsutskott som bereder ärendena.",
                "mandate": "<p>Ledningsgruppen beslutar om gemensamma utvecklingsområden "
                "och fördelar uppdrag till arbetsgrupper.</p>",
                "frequency": "Sex möten per år",
                "members": [
                    ("Skaraborgs Sjukhus", "Ordförande"),
                    ("Lidköpings kommun", "Ledamot"),
                    ("Götene kommun", "Ledamot"),
                    ("Primärvården Skaraborg", "Ledamot"),
                ],
                "place": "Skaraborgs Sjukhus, Lidköping",
            },
            {
                "title": "Arbetsutskott Närvård västra Skaraborg",
                "slug": "arbetsutskott",
                "type": G.WORKING_COMMITTEE,
                "intro": "Arbetsutskottet förbereder ledningsgruppens möten.",
                "mandate": "<p>Utskottet bereder ärenden och följer upp beslut mellan "
                "ledningsgruppens möten.</p>",
                "frequency": "Varannan vecka",
                "members": [
                    ("Skaraborgs Sjukhus", "Sammankallande"),
                    ("Lidköpings kommun", "Ledamot"),
                    ("Närvårdssamordnare", "Sekreterare"),
                ],
                "place": "Digitalt möte",
            },
        ],
        "pages": [
            {
                "title": "Nära vård norra Skaraborg",
                "slug": "nara-vard-norra-skaraborg",
                "intro": "Ett utvecklingsprojekt där kommunerna i norra Skaraborg och "
                "regionen prövar nya arbetssätt i nära vård.",
                "body": [
                    (
                        "paragraph",
                        "<p>Projektet prövar gemensamma team för personer med "
                        "stora vårdbehov i hemmet och följer upp resultaten med "
                        "Skaraborgs Sjukhus.</p>",
                    ),
                ],
            },
        ],
        "news": [
            (
                "Mobila team i norra Skaraborg utvärderas",
                "Utvärderingen visar färre akuta besök för de patienter som fått stöd av teamen.",
            ),
        ],
    },
    "Södra Älvsborg": {
        "contact": ("Närvårdssamordnare", "Närvårdskontoret Södra Älvsborg"),
        "groups": [
            {
                "title": "Delregionalt politiskt samråd (DPS)",
                "slug": "dps",
                "type": G.POLITICAL,
                "intro": "DPS är forumet där politiker från de åtta kommunerna och regionen "
                "samråder om vårdsamverkan i Södra Älvsborg.",
                "mandate": "<p>Samrådet ger inriktning och följer upp den gemensamma "
                "handlingsplanen för Södra Älvsborg.</p>",
                "frequency": "Fyra möten per år",
                "members": [
                    ("Borås Stad", "Ordförande"),
                    (
                        "Västra Götalandsregionen, Hälso- och sjukvårdsnämnden södra",
                        "Vice ordförande",
                    ),
                    ("Marks kommun", "Ledamot"),
                    ("Ulricehamns kommun", "Ledamot"),
                    ("Tranemo kommun", "Ledamot"),
                ],
                "place": "Borås Stadshus",
            },
            {
                "title": "Styrgrupp Vårdsamverkan Södra Älvsborg",
                "slug": "styrgrupp",
                "type": G.STEERING,
                "intro": "Styrgruppen leder samverkan mellan SÄS, primärvården och de åtta "
                "kommunerna.",
                "mandate": "<p>Styrgruppen beslutar om närvårdskontorets uppdrag och "
                "prioriterar de gemensamma utvecklingsområdena.</p>",
                "frequency": "Åtta möten per år",
                "members": [
                    ("Södra Älvsborgs sjukhus", "Ordförande"),
                    ("Borås Stad", "Ledamot"),
                    ("Herrljunga kommun", "Ledamot"),
                    ("Primärvården Södra Älvsborg", "Ledamot"),
                ],
                "place": "Södra Älvsborgs sjukhus, Borås",
            },
        ],
        "pages": [
            {
                "title": "Närvårdskontoret",
                "slug": "narvardskontoret",
                "intro": "Närvårdskontoret stödjer samverkan i Södra Älvsborg med "
                "samordning, uppföljning och utbildning.",
                "body": [
                    (
                        "paragraph",
                        "<p>Kontoret håller ihop de lokala ledningsgrupperna, "
                        "som finns i varje kommun, och sammanställer uppföljningen till "
                        "styrgruppen.</p>",
                    ),
                ],
            },
        ],
        "news": [
            (
                "Lokala ledningsgrupper får nytt stöd för uppföljning",
                "Närvårdskontoret har tagit fram en enkel mall för att följa upp samverkan lokalt.",
            ),
        ],
    },
    "Göteborgsområdet": {
        "contact": ("Verksamhetsutvecklare samverkan", "Göteborgsregionen"),
        "groups": [
            {
                "title": "Politiskt samråd Göteborgsområdet",
                "slug": "politiskt-samrad",
                "type": G.POLITICAL,
                "intro": "Politiker från Göteborg, Härryda, Mölndal, Partille, Öckerö och "
                "regionen samråder om vårdsamverkan i området.",
                "mandate": "<p>Samrådet ger inriktning åt LGS och följer upp gemensamma "
                "satsningar.</p>",
                "frequency": "Fyra möten per år",
                "members": [
                    ("Göteborgs Stad", "Ordförande"),
                    (
                        "Västra Götalandsregionen, Hälso- och sjukvårdsnämnden Göteborg",
                        "Vice ordförande",
                    ),
                    ("Mölndals stad", "Ledamot"),
                    ("Partille kommun", "Ledamot"),
                    ("Härryda kommun", "Ledamot"),
                    ("Öckerö kommun", "Ledamot"),
                ],
                "place": "Göteborgsregionen, Göteborg",
            },
            {
                "title": "LGS – ledningsgrupp för samverkan",
                "slug": "lgs",
                "type": G.MANAGEMENT,
                "intro": "LGS leder samverkan mellan kommunerna, Sahlgrenska "
                "Universitetssjukhuset och primärvården i Göteborgsområdet.",
                "mandate": "<p>LGS prioriterar gemensamma utvecklingsområden och ger "
                "uppdrag till styrgrupp, beredningsgrupp och temagrupper.</p>",
                "frequency": "Sex till åtta möten per år",
                "members": [
                    ("Sahlgrenska Universitetssjukhuset", "Ordförande"),
                    ("Göteborgs Stad", "Vice ordförande"),
                    ("Mölndals stad", "Ledamot"),
                    ("Primärvården Göteborg", "Ledamot"),
                ],
                "place": "Sahlgrenska Universitetssjukhuset, Göteborg",
            },
            {
                "title": "Temagrupp barn och unga",
                "slug": "temagrupp-barn-och-unga",
                "type": G.THEME,
                "intro": "Temagruppen arbetar för att barn och unga ska få samordnat stöd "
                "från skola, socialtjänst och hälso- och sjukvård.",
                "mandate": "<p>Gruppen följer upp överenskommelsen om samverkan för barns "
                "och ungas hälsa i Göteborgsområdet.</p>",
                "frequency": "Varannan månad",
                "members": [
                    ("Göteborgs Stad, elevhälsan", "Sammankallande"),
                    ("Barn- och ungdomspsykiatrin", "Ledamot"),
                    ("Partille kommun, socialtjänsten", "Ledamot"),
                ],
                "place": "Digitalt möte",
            },
        ],
        "pages": [
            {
                "title": "NOSAM – närområdessamverkan",
                "slug": "nosam",
                "intro": "I NOSAM samverkar kommun, vårdcentraler och sjukhus i varje "
                "närområde kring barn, unga och vuxna med sammansatta behov.",
                "body": [
                    (
                        "paragraph",
                        "<p>NOSAM-grupperna träffas regelbundet och tar upp "
                        "ärenden där flera verksamheter behöver samordna sina insatser.</p>",
                    ),
                ],
            },
        ],
        "news": [
            (
                "Temagrupp barn och unga bjuder in till dialogmöte",
                "Mötet riktar sig till elevhälsa, socialtjänst och barn- och ungdomspsykiatri.",
            ),
            (
                "LGS har antagit nya prioriteringar för 2027",
                "Fokus ligger på psykisk hälsa, äldres hälsa och digital informationsöverföring.",
            ),
        ],
    },
    "SIMBA": {
        "contact": ("Samordnare SIMBA", "Kungälvs kommun"),
        "groups": [
            {
                "title": "Politisk samrådsgrupp (PSG)",
                "slug": "psg",
                "type": G.POLITICAL,
                "intro": "PSG samlar politiker från Ale, Kungälv, Stenungsund, Tjörn och regionen.",
                "mandate": "<p>Gruppen ger inriktning åt samordningsgruppen och tar del av "
                "uppföljningen av samverkan i SIMBA.</p>",
                "frequency": "Tre möten per år",
                "members": [
                    ("Kungälvs kommun", "Ordförande"),
                    ("Västra Götalandsregionen", "Vice ordförande"),
                    ("Ale kommun", "Ledamot"),
                    ("Stenungsunds kommun", "Ledamot"),
                    ("Tjörns kommun", "Ledamot"),
                ],
                "place": "Kungälvs stadshus",
            },
            {
                "title": "Samordningsgrupp SIMBA",
                "slug": "samordningsgrupp",
                "type": G.COORDINATION,
                "intro": "Samordningsgruppen leder det gemensamma arbetet i SIMBA och "
                "stödjer närområdesgrupperna.",
                "mandate": "<p>Gruppen samordnar utvecklingsarbetet och följer upp "
                "närområdesgruppernas arbete.</p>",
                "frequency": "Åtta möten per år",
                "members": [
                    ("Kungälvs sjukhus", "Ordförande"),
                    ("Ale kommun", "Ledamot"),
                    ("Stenungsunds kommun", "Ledamot"),
                    ("Primärvården", "Ledamot"),
                ],
                "place": "Kungälvs sjukhus",
            },
        ],
        "pages": [],
        "news": [
            (
                "Närområdesgrupperna i SIMBA har fått nya ordförande",
                "Från årsskiftet leds två av grupperna av företrädare för primärvården.",
            ),
        ],
    },
    "SAMLA": {
        "contact": ("Samordnare SAMLA", "Alingsås kommun"),
        "groups": [
            {
                "title": "Politisk samrådsgrupp SAMLA",
                "slug": "politisk-samradsgrupp",
                "type": G.POLITICAL,
                "intro": "Politiker från Alingsås, Lerum och regionen samråder om "
                "samverkan i SAMLA.",
                "mandate": "<p>Gruppen ger inriktning åt samordningsgruppen och följer upp "
                "samverkan en gång per halvår.</p>",
                "frequency": "Två möten per år",
                "members": [
                    ("Alingsås kommun", "Ordförande"),
                    ("Västra Götalandsregionen", "Vice ordförande"),
                    ("Lerums kommun", "Ledamot"),
                ],
                "place": "Alingsås rådhus",
            },
            {
                "title": "Samordningsgrupp SAMLA",
                "slug": "samordningsgrupp",
                "type": G.COORDINATION,
                "intro": "Samordningsgruppen leder det gemensamma arbetet och har ett "
                "arbetsutskott och flera utvecklingsgrupper.",
                "mandate": "<p>Gruppen prioriterar utvecklingsområden och ger uppdrag till "
                "utvecklingsgrupperna.</p>",
                "frequency": "Sex möten per år",
                "members": [
                    ("Alingsås lasarett", "Ordförande"),
                    ("Lerums kommun", "Ledamot"),
                    ("Alingsås kommun", "Ledamot"),
                    ("Primärvården", "Ledamot"),
                ],
                "place": "Alingsås lasarett",
            },
        ],
        "pages": [],
        "news": [
            (
                "SAMLA startar utvecklingsgrupp för äldres hälsa",
                "Gruppen ska ta fram gemensamma arbetssätt för fallprevention och "
                "läkemedelsgenomgångar i Alingsås och Lerum.",
            ),
        ],
    },
}

ABOUT_PAGES = [
    {
        "title": "Tillgänglighetsredogörelse",
        "slug": "tillganglighet",
        "setting": "accessibility_page",
        "intro": "Vårdsamverkan i Västra Götaland står bakom den här webbplatsen. Vi vill "
        "att så många som möjligt ska kunna använda den.",
        "body": [
            ("heading", "Hur tillgänglig är webbplatsen?"),
            (
                "paragraph",
                "<p>Webbplatsen omfattas av lagen (2018:1937) om tillgänglighet "
                "till digital offentlig service och ska uppfylla nivå AA i WCAG 2.1. Sidorna "
                "är byggda med semantisk HTML och går att använda med enbart tangentbord. "
                "De går att förstora till 400 procent, eller läsa på en smal mobilskärm, "
                "utan att du behöver skrolla i sidled, och texten går att förstora till "
                "200 procent. Varje typ av sida kontrolleras automatiskt i en webbläsare "
                "med verktyget axe-core mot kraven i WCAG 2.1 nivå A och AA.</p>",
            ),
            ("heading", "Kända brister"),
            (
                "paragraph",
                "<ul><li>Äldre PDF-dokument, till exempel protokoll och avtal som "
                "flyttats från de tidigare delregionala webbplatserna, är inte alltid "
                "tillgänglighetsanpassade. Be om dokumentet i ett annat format om du inte "
                "kan läsa det.</li></ul>",
            ),
            ("heading", "Rapportera brister"),
            (
                "paragraph",
                "<p>Om du upptäcker problem som inte beskrivs här, eller om du "
                "behöver innehåll i ett annat format, kontakta webbplatsens kommunikatör via "
                "uppgifterna i sidfoten.</p>",
            ),
            ("heading", "Tillsyn"),
            (
                "paragraph",
                "<p>Myndigheten för digital förvaltning (DIGG) har ansvar för "
                "tillsyn över lagen. Om du inte är nöjd med hur vi hanterar dina synpunkter "
                "kan du anmäla det till DIGG.</p>",
            ),
        ],
    },
    {
        "title": "Behandling av personuppgifter",
        "slug": "personuppgifter",
        "setting": "privacy_page",
        "intro": "Här beskriver vi vilka personuppgifter webbplatsen behandlar, varför och "
        "hur länge.",
        "body": [
            ("heading", "Besökare"),
            (
                "paragraph",
                "<p>Webbplatsen använder ingen besöksstatistik från tredje part "
                "och hämtar inget innehåll från andra webbplatser. Vi sparar inga "
                "personuppgifter om dig när du bara läser sidorna.</p>",
            ),
            ("heading", "Redaktörer"),
            (
                "paragraph",
                "<p>För den som redigerar webbplatsen sparas namn, e-postadress "
                "och vilka ändringar personen gjort. Uppgifterna behövs för att kunna följa "
                "upp publiceringar och tas bort när kontot avslutas.</p>",
            ),
            ("heading", "Enkäten och referensgruppen"),
            (
                "paragraph",
                "<p><strong>Varför:</strong> Vi använder svaren på enkäten för att göra "
                "webbplatsen bättre. Kryssar du i att du vill delta i referensgruppen sparar "
                "vi också din e-postadress, enbart för att kunna bjuda in dig till gruppen. "
                "E-postadressen frågar vi bara efter om du väljer referensgruppen.</p>"
                "<p><strong>Rättslig grund:</strong> Ditt samtycke (artikel 6.1 a i "
                "dataskyddsförordningen), som du ger genom att kryssa i rutan för samtycke "
                "innan du skickar svaren.</p>"
                "<p><strong>Hur länge:</strong> Svaren och e-postadressen raderas automatiskt "
                "tolv månader efter att du skickat dem. Det är bara webbplatsens kommunikatör "
                "som kan läsa dem, och de visas aldrig på webbplatsen. Kommunikatören får "
                "ett e-postmeddelande med svaren när de kommer in.</p>"
                "<p><strong>Så blir du borttagen:</strong> Du kan när som helst ta tillbaka "
                "ditt samtycke. Kontakta kommunikatören via uppgifterna i sidfoten, så "
                "raderar vi dina svar och din e-postadress.</p>",
            ),
            ("heading", "Prenumeration via e-post"),
            (
                "paragraph",
                "<p><strong>Varför:</strong> För att skicka dig e-post om det som har "
                "publicerats i det du valt att följa. Vi sparar din e-postadress, vad du "
                "följer, när du anmälde och bekräftade dig och när du senast fick ett "
                "utskick. Du får högst ett utskick per dag, och inget alls när inget nytt "
                "har publicerats.</p>"
                "<p><strong>Rättslig grund:</strong> Ditt samtycke, som du ger när du "
                "bekräftar prenumerationen via länken vi skickar till dig.</p>"
                "<p><strong>Hur länge:</strong> Så länge du prenumererar. En adress som "
                "inte bekräftas raderas automatiskt efter tre dygn. Adresserna visas aldrig "
                "på webbplatsen; bara kommunikatören kan se dem.</p>"
                "<p><strong>Så blir du borttagen:</strong> Varje e-postmeddelande har en "
                "länk för att avsluta prenumerationen med ett klick. Då raderas din "
                "e-postadress direkt. Du kan också kontakta kommunikatören.</p>",
            ),
            ("heading", "Skydd mot automatiska inskick"),
            (
                "paragraph",
                "<p>För att stoppa automatiska inskick räknar vi hur många gånger formulären "
                "skickas från samma nätverksadress under en kort stund. Adressen sparas "
                "inte i klartext och inte i någon databas, utan bara som ett omräknat "
                "kontrollvärde som försvinner efter högst en timme. När du fyller i ett "
                "formulär sätter webbläsaren en säkerhetskaka (csrftoken) som skyddar "
                "formuläret mot förfalskade inskick.</p>",
            ),
            ("heading", "Dina rättigheter"),
            (
                "paragraph",
                "<p>Du har rätt att få veta vilka uppgifter vi har om dig, få dem "
                "rättade eller raderade. Kontakta kommunikatören via uppgifterna i "
                "sidfoten.</p>",
            ),
        ],
    },
    {
        "title": "Kakor",
        "slug": "kakor",
        "setting": "cookies_page",
        "intro": "Webbplatsen sätter inga kakor när du läser den, och aldrig kakor för "
        "statistik eller annonser.",
        "body": [
            (
                "paragraph",
                "<p>En kaka (cookie) är en liten textfil som sparas i din "
                "webbläsare. När du läser webbplatsen får du inga kakor, varken för statistik, "
                "annonser eller något annat.</p>",
            ),
            (
                "paragraph",
                "<p>Öppnar du enkäten eller formuläret för att prenumerera får du en "
                "säkerhetskaka (csrftoken). Den skyddar formuläret mot förfalskade inskick, "
                "innehåller inga uppgifter om dig och försvinner när du stänger webbläsaren. "
                "Kakan är nödvändig för att formuläret ska gå att skicka. Därför behöver vi "
                "inte fråga om ditt samtycke.</p>",
            ),
            (
                "paragraph",
                "<p>Redaktörer som loggar in för att redigera webbplatsen får en "
                "sessionskaka och samma säkerhetskaka, som båda är nödvändiga för "
                "inloggningen. Sessionskakan tas bort när du loggar ut eller stänger "
                "webbläsaren, eller efter högst två veckor om du har valt ”Kom ihåg mig”.</p>",
            ),
        ],
    },
]

DEMO_TABLE = {
    "table_caption": "Tidsgränser vid utskrivning",
    "table_header_choice": "row",
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "data": [
        ["Steg", "Vem", "Senast"],
        ["Inskrivningsmeddelande", "Slutenvården", "Inom 24 timmar efter inskrivning"],
        ["Planering inför utskrivning", "Alla berörda", "Innan patienten är utskrivningsklar"],
        ["Kommunens insatser på plats", "Kommunen", "Inom tre kalenderdagar"],
    ],
    "cell": [],
    "mergeCells": [],
}


class DemoBuilder:
    """Builds the demo content; remembers what it created for the command's report."""

    def __init__(self, report, today=None):
        self.report = report
        self.today = today or timezone.localdate()
        self.people = fictional_people()
        self.contact_number = itertools.count()
        self.news_number = itertools.count()

    # -- helpers --------------------------------------------------------------------------

    def child(self, parent, model, slug, **fields):
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, **fields)
        add_child(parent, page)
        self.report.add(model._meta.verbose_name, page.title)
        return page

    def contact(self, role, organisation):
        existing = Contact.objects.filter(role=role, organisation=organisation).first()
        if existing:
            return existing
        name = next(self.people)
        n = next(self.contact_number)
        self.report.add("kontaktperson", name)
        return Contact.objects.create(
            name=name,
            role=role,
            organisation=organisation,
            email=email_for(name),
            phone=fictional_phone(n),
        )

    def weekday_near(self, offset_days):
        """A Tuesday near today + offset: meetings happen on working days."""
        date = self.today + datetime.timedelta(days=offset_days)
        return date + datetime.timedelta(days=(1 - date.weekday()) % 7)

    def stream(self, body):
        blocks = []
        for kind, value in body:
            if kind == "heading":
                blocks.append(("heading", {"text": value, "level": "h2"}))
            elif kind == "paragraph":
                blocks.append(("paragraph", value))
            elif kind == "callout":
                callout_kind, title, text = value
                blocks.append(("callout", {"kind": callout_kind, "title": title, "text": text}))
            elif kind == "table":
                blocks.append(("table", DEMO_TABLE))
            elif kind == "image":
                title, alt = value
                image = {"image": self.image(title), "alt": alt, "decorative": False, "caption": ""}
                blocks.append(("image", image))
        return blocks

    def image(self, title):
        from wagtail.images import get_image_model

        from .image import care_chain_png

        Image = get_image_model()
        existing = Image.objects.filter(title=title).first()
        if existing:
            return existing
        png = ImageFile(io.BytesIO(care_chain_png()), name=f"{slugify(title)[:60]}.png")
        image = Image(title=title, file=png)
        image.save()
        self.report.add("bild", title)
        return image

    def pdf_document(self, title, paragraphs):
        Document = get_document_model()
        existing = Document.objects.filter(title=title).first()
        if existing:
            return existing
        filename = f"{slugify(title)[:60]}.pdf"
        document = Document(title=title)
        document.file.save(filename, ContentFile(make_pdf(title, paragraphs)), save=False)
        document.file_size = len(document.file)
        document.save()
        self.report.add("dokument", title)
        return document

    # -- content --------------------------------------------------------------------------

    def build(self):
        home = HomePage.objects.first()
        sections = {s.short_name: s for s in SectionPage.objects.child_of(home)}
        communicator = self.contact("Kommunikatör", "Vårdsamverkan i Västra Götaland")
        for short_name, content in SECTION_CONTENT.items():
            section = sections.get(short_name)
            if section is None:
                continue
            self.build_section(section, content)
        self.build_about(home)
        self.build_site_settings(communicator)
        build_status_reports(sections.get(COUNTY), self.report)
        build_survey(home, self.report, communicator)

    def build_section(self, section, content):
        contact = self.contact(*content["contact"])
        if not section.contacts.exists():
            SectionContact.objects.create(page=section, contact=contact, sort_order=0)
        for index, spec in enumerate(content["groups"]):
            self.build_group(section, spec, contact, with_minutes=index < 2)
        for spec in content["pages"]:
            self.child(
                section,
                ContentPage,
                spec["slug"],
                title=spec["title"],
                intro=spec["intro"],
                body=self.stream(spec["body"]),
                last_reviewed=self.today - datetime.timedelta(days=40),
            )
        if content["news"]:
            news_index = self.child(
                section,
                NewsIndexPage,
                "nyheter",
                title=f"Nyheter från {section.short_name}",
                intro=f"Aktuellt från samverkan i {section.short_name}.",
            )
            for title, intro in content["news"]:
                self.child(
                    news_index,
                    NewsPage,
                    slugify(title)[:80].strip("-"),
                    title=title,
                    intro=intro,
                    date=self.today - datetime.timedelta(days=3 + 9 * next(self.news_number)),
                    body=self.stream(
                        [
                            (
                                "paragraph",
                                f"<p>{intro} Mer information lämnas "
                                "av kontaktpersonen för sektionen.</p>",
                            )
                        ]
                    ),
                )

    def build_group(self, section, spec, contact, with_minutes):
        existing = section.get_children().filter(slug=spec["slug"]).first()
        if existing is not None:
            return existing.specific
        group = GroupPage(
            title=spec["title"],
            slug=spec["slug"],
            group_type=spec["type"],
            intro=spec["intro"],
            mandate=spec["mandate"],
            meeting_frequency=spec["frequency"],
            contact=contact,
            last_reviewed=self.today - datetime.timedelta(days=60),
        )
        group.members = [
            GroupMember(name=next(self.people), represents=represents, role=role)
            for represents, role in spec["members"]
        ]
        dates = [self.weekday_near(offset) for offset in (-150, -60, 21, 98)]
        group.meetings = [
            GroupMeeting(
                date=date,
                start_time=datetime.time(9, 0),
                end_time=datetime.time(12, 0),
                place=spec["place"],
            )
            for date in dates
        ]
        if with_minutes:
            documents = []
            for date in dates[:2]:
                document = self.pdf_document(
                    f"Protokoll {date:%Y-%m-%d}, {spec['title'].split(' – ')[0]}",
                    [
                        f"Protokoll från möte med {spec['title']} den {date:%Y-%m-%d}.",
                        f"Plats: {spec['place']}.",
                        "Paragraf 1. Mötet öppnades och dagordningen fastställdes.",
                        "Paragraf 2. Uppföljning av samverkan vid in- och utskrivning. "
                        "Gruppen gick igenom statistiken för utskrivningsklara patienter "
                        "och konstaterade att ledtiderna har minskat.",
                        "Paragraf 3. Information om arbetet med samordnad individuell plan "
                        "(SIP) och om den länsgemensamma handlingsplanen för psykisk hälsa.",
                        "Paragraf 4. Mötet avslutades.",
                    ],
                )
                documents.append(
                    GroupDocument(
                        document=document, kind=GroupDocument.Kind.MINUTES, meeting_date=date
                    )
                )
            group.documents = documents
        add_child(section, group)
        self.report.add("grupp", group.title)
        return group

    def build_about(self, home):
        about = self.child(
            home,
            ContentPage,
            "om-webbplatsen",
            title="Om webbplatsen",
            intro="Vårdsamverkan i Västra Götaland är en gemensam webbplats för regionen och "
            "länets 49 kommuner. Den administreras av en kommunikatör som är anställd "
            "gemensamt av Västra Götalandsregionen och VästKom.",
            body=self.stream(
                [
                    (
                        "paragraph",
                        "<p>Webbplatsen ersätter de sex tidigare "
                        "delregionala webbplatserna. Här samlas avtal och "
                        "överenskommelser, beskrivningar av hur samverkan är "
                        "organiserad och nyheter från hela länet.</p>",
                    )
                ]
            ),
            last_reviewed=self.today,
        )
        self.about_pages = {}
        for spec in ABOUT_PAGES:
            self.about_pages[spec["setting"]] = self.child(
                about,
                ContentPage,
                spec["slug"],
                title=spec["title"],
                intro=spec["intro"],
                body=self.stream(spec["body"]),
                last_reviewed=self.today,
            )

    def build_site_settings(self, communicator):
        site = Site.objects.get(is_default_site=True)
        settings = SiteSettings.for_site(site)
        changed = False
        defaults = {
            "address": "Box 1234, 405 00 Göteborg",
            "phone": "070-174 06 99",
            "email": "info@example.org",
            "org_number": "222000-0000",
        }
        for field_name, value in defaults.items():
            if not getattr(settings, field_name):
                setattr(settings, field_name, value)
                changed = True
        if settings.communicator_id is None:
            settings.communicator = communicator
            changed = True
        for field_name, page in self.about_pages.items():
            if getattr(settings, f"{field_name}_id") is None:
                setattr(settings, field_name, page)
                changed = True
        if changed:
            settings.save()


def build_demo(report):
    DemoBuilder(report).build()
