"""Demo content for the Kommun-FVM status reports (part of ``setup_site --demo``).

Six monthly reports, November 2025 to April 2026, written for this project from the public
facts in the design notes (the project, option 1, the themes of the real reports); the
project manager is fictional. Like the rest of the demo it only adds what is missing: the
index is found by page type under the county section and reports by month, never by slug,
so a second run adds nothing and never overwrites an editor's changes.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import Page, Revision

from pages.models import Contact, StatusIndicator, StatusReportIndexPage, StatusReportPage
from pages.models.reports import default_slug, default_title, next_month
from pages.setup import add_child

S = StatusIndicator.Status

INDEX_TITLE = "Kommun-FVM"
INDEX_SLUG = "kommun-fvm"
INDEX_INTRO = (
    "Kommun-FVM är kommunernas projekt i Västra Götalandsregionens program för en ny "
    "vårdinformationsmiljö (FVM). Projektet drivs från VästKom, och projektledaren lämnar "
    "varje månad en lägesrapport till programmet: vad som hänt under månaden och vad som "
    "planeras för nästa. Här publiceras rapporterna."
)

PROJECT_MANAGER = {
    "name": "Ylva Brandt",
    "role": "Projektledare Kommun-FVM",
    "organisation": "VästKom",
    "email": "ylva.brandt@example.org",
    "phone": "070-174 06 77",
}


@dataclass(frozen=True)
class ReportSpec:
    month: datetime.date
    summary: str
    plan: str
    indicators: list[tuple[str, str, str]] = field(default_factory=list)


REPORTS = [
    ReportSpec(
        month=datetime.date(2025, 11, 1),
        summary=(
            "<p>Under november har arbetet med option 1, informationsöverföring mellan "
            "vårdgivare, gått från förberedelse till genomförande. Projektet har stämt av "
            "omfattningen med programledningen och beskrivit vilka kommunala verksamheter "
            "som berörs: främst den kommunala hälso- och sjukvården, där hemsjukvården "
            "är störst, men också socialtjänsten där den samverkar med vården.</p>"
            "<p>Kommunerna har fått en förfrågan om att bidra med verksamhetsexperter. "
            "Intresset är stort, men flera kommuner vill veta mer om hur mycket tid "
            "uppdraget kräver innan de lämnar namn.</p>"
        ),
        plan=(
            "<p>I december hålls de första designworkshoparna för option 1 tillsammans med "
            "regionens experter. Projektet tar också fram ett underlag för hur "
            "konsekvensbedömningen avseende dataskydd ska göras och vem som ansvarar för "
            "vilka delar.</p>"
        ),
        indicators=[
            ("Tidplan", S.ON_TRACK, ""),
            ("Resurser", S.ON_TRACK, "Rekrytering av verksamhetsexperter pågår."),
            ("Samverkan", S.ON_TRACK, ""),
        ],
    ),
    ReportSpec(
        month=datetime.date(2025, 12, 1),
        summary=(
            "<p>De första designworkshoparna har genomförts. Deltagarna har kartlagt vilken "
            "information kommunerna behöver ta emot från regionen och vad regionen behöver "
            "få tillbaka, med in- och utskrivning från sluten vård som första exempel.</p>"
            "<p>Arbetet med konsekvensbedömningen avseende dataskydd har startat. "
            "Kommunernas dataskyddsombud har bjudits in till en gemensam genomgång.</p>"
        ),
        plan=(
            "<p>I januari fortsätter designarbetet med flödena för hemsjukvården. Projektet "
            "vill också börja involvera de privata vårdgivarna, som berörs av samma "
            "informationsöverföring, och tar fram ett första utkast till kommunikationsplan."
            "</p>"
        ),
        indicators=[
            ("Tidplan", S.ON_TRACK, ""),
            ("Resurser", S.RISK, "Helgerna gör att färre experter kan delta i december."),
            ("Samverkan", S.ON_TRACK, ""),
        ],
    ),
    ReportSpec(
        month=datetime.date(2026, 1, 1),
        summary=(
            "<p>Januari har ägnats åt flödena för hemsjukvården. Designen har kommit en bit, "
            "men två av expertrollerna har stått tomma sedan årsskiftet, vilket har "
            "bromsat arbetet.</p>"
            "<p>Ett första möte har hållits med företrädare för privata vårdgivare. De ser "
            "samma behov som kommunerna av att veta tidigt vad som förväntas av dem.</p>"
        ),
        plan=(
            "<p>I februari ska de vakanta expertrollerna tillsättas. Projektet håller en "
            "workshop om dataskydd tillsammans med programmet och informerar VVG om läget.</p>"
        ),
        indicators=[
            ("Tidplan", S.RISK, "Designen av hemsjukvårdens flöden är försenad."),
            ("Resurser", S.DEVIATION, "Två expertroller är vakanta."),
            ("Samverkan", S.ON_TRACK, ""),
        ],
    ),
    ReportSpec(
        month=datetime.date(2026, 2, 1),
        summary=(
            "<p>De vakanta expertrollerna är nu tillsatta med medarbetare från två kommuner. "
            "Workshopen om dataskydd gav en gemensam bild av vilka risker som måste "
            "hanteras innan information kan börja överföras.</p>"
            "<p>Samtidigt märks det att option 1 är beroende av beslut i programmets andra "
            "arbetsströmmar. När de ändrar sin planering påverkas kommunernas arbete, och "
            "det är inte alltid tydligt var frågorna ska lyftas.</p>"
        ),
        plan=(
            "<p>I mars läggs fokus på att samordna tidplanen med de andra arbetsströmmarna. "
            "Projektet ser också över hur information om arbetet ska nå kommunerna, både "
            "internt i organisationerna och externt.</p>"
        ),
        indicators=[
            ("Tidplan", S.RISK, "Beroenden till andra arbetsströmmar."),
            ("Resurser", S.ON_TRACK, ""),
            ("Samverkan", S.ON_TRACK, ""),
        ],
    ),
    ReportSpec(
        month=datetime.date(2026, 3, 1),
        summary=(
            "<p>Designen av option 1 har gått vidare under mars, men långsammare än "
            "verksamhetsexperterna själva hade räknat med. Att hålla takt med programmets "
            "övriga arbetsströmmar är fortfarande svårt, eftersom besluten där styr vad "
            "kommunerna kan ta ställning till.</p>"
            "<p>En positiv förändring är att regionen nu lägger mer kraft på samarbetet med "
            "kommunerna och de privata vårdgivarna. Programledningen har bett varje projekt "
            "att beskriva vilka hinder som finns för deras medverkan och vad projektet "
            "självt kan bidra med. Parterna är överens om att helheten var svårare att "
            "överblicka än väntat och att man lär sig under resans gång. Målet är "
            "detsamma: att invånaren ska stå i centrum genom hela livet.</p>"
            "<p>Kommunikationen har varit en återkommande fråga. Regionens material "
            "publiceras på intranätet, medan kommunerna främst nås via VästKoms webbplats, "
            "och det finns ingen självklar gemensam kanal. Eftersom programmet har flera "
            "huvudmän behöver varje budskap tydligt säga vem som står bakom det och vem "
            "det riktar sig till.</p>"
        ),
        plan=(
            "<p>I april vill parterna planera mer tillsammans, så att resurser kan fördelas "
            "och aktiviteter genomföras i samma takt. Projektet söker fler kommunala "
            "experter till arbetsgrupperna, både för designfrågor och för hur support och "
            "förvaltning ska fungera när systemet väl är i drift.</p>"
            "<p>VästKom och Kommun-FVM träffar kommunalförbunden och deras nätverk för "
            "kommunchefer, socialchefer och skolchefer. Samtalen handlar om vilken roll "
            "kommunernas implementeringsansvariga får och vad den valda omfattningen av "
            "informationsöverföring i option 1 betyder för kommunerna.</p>"
            "<p>Projektet vill också samarbeta närmare med en eller ett par kommuner för att "
            "kunna prova teknik och funktioner i liten skala. Flera kommuner har redan sagt "
            "att de gärna blir pilotkommuner.</p>"
        ),
        indicators=[
            ("Tidplan", S.RISK, "Designen går långsammare än planerat."),
            ("Resurser", S.RISK, "Fler kommunala experter behövs."),
            ("Samverkan", S.ON_TRACK, "Regionen har ökat fokus på kommunerna."),
        ],
    ),
    ReportSpec(
        month=datetime.date(2026, 4, 1),
        summary=(
            "<p>Den gemensamma planeringen har kommit igång: regionens och kommunernas "
            "delprojektledare möts nu varannan vecka och har en samlad lista över "
            "beroenden. Tre nya kommunala experter har börjat i arbetsgrupperna för design "
            "och förvaltning.</p>"
            "<p>Mötena med kommunalförbunden har hållits. Cheferna efterfrågade ett kort "
            "underlag som beskriver de implementeringsansvarigas uppdrag, så att varje "
            "kommun kan utse rätt person i tid.</p>"
        ),
        plan=(
            "<p>I maj väljs pilotkommuner bland dem som anmält intresse, och en plan för "
            "testmiljön tas fram tillsammans med programmet. Underlaget om de "
            "implementeringsansvarigas uppdrag skickas till kommunerna.</p>"
        ),
        indicators=[
            ("Tidplan", S.RISK, "Designen är fortfarande något efter plan."),
            ("Resurser", S.ON_TRACK, "Tre nya experter på plats."),
            ("Samverkan", S.ON_TRACK, ""),
        ],
    ),
]


def publication_time(month):
    """When a month's report was published: the first weekday from the 5th of the next
    month, 10:00 Swedish time (a report is written after the month it summarises)."""
    day = next_month(month).replace(day=5)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    published = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    return min(published, timezone.now())


def ensure_project_manager(report):
    contact = Contact.objects.filter(
        role=PROJECT_MANAGER["role"], organisation=PROJECT_MANAGER["organisation"]
    ).first()
    if contact is None:
        contact = Contact.objects.create(**PROJECT_MANAGER)
        report.add("kontaktperson", contact.name)
    return contact


def ensure_index(section, report):
    index = StatusReportIndexPage.objects.child_of(section).first()
    if index is None:
        index = add_child(
            section,
            StatusReportIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO),
        )
        report.add(StatusReportIndexPage._meta.verbose_name, index.title)
    return index


def free_slug(parent, slug):
    candidate, suffix = slug, 1
    while not Page._slug_is_available(candidate, parent):
        suffix += 1
        candidate = f"{slug}-{suffix}"
    return candidate


def build_status_reports(county_section, report):
    """Add the Kommun-FVM index under the county section and the months it lacks."""
    if county_section is None:
        return None
    index = ensure_index(county_section, report)
    author = ensure_project_manager(report)
    existing = set(StatusReportPage.objects.child_of(index).values_list("report_month", flat=True))
    for spec in REPORTS:
        if spec.month in existing:
            continue
        page = StatusReportPage(
            title=default_title(spec.month),
            slug=free_slug(index, default_slug(spec.month)),
            report_month=spec.month,
            summary=spec.summary,
            plan=spec.plan,
            author=author,
        )
        page.indicators = [
            StatusIndicator(area=area, status=status, comment=comment)
            for area, status, comment in spec.indicators
        ]
        add_child(index, page)
        # Backdate the publication so "Senast publicerad" and the feed read as a real
        # monthly series rather than six reports published the moment setup ran.
        published = publication_time(spec.month)
        StatusReportPage.objects.filter(pk=page.pk).update(
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
        )
        Revision.objects.filter(pk=page.latest_revision_id).update(created_at=published)
        report.add(StatusReportPage._meta.verbose_name, page.title)
    return index
