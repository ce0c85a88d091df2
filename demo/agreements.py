"""Demo agreements for ``setup_site --demo``.

County-level agreements use the real titles, dates and version chains from the public
record (see facts.md); subregional and local ones are invented to show how the register
works for every section. All texts are written for this project. Dates that only make
sense relative to today (an upcoming agreement, a review date) are computed from today.
"""

import datetime

from django.utils import timezone

from agreements.models import (
    Agreement,
    AgreementAttachment,
    DecisionBody,
    DocumentType,
    Level,
    Topic,
)
from demo.content import DemoBuilder
from pages.models import Municipality, SectionPage

D = datetime.date
COUNTY = "Länsnivå"
ALL_PARTIES = "Västra Götalandsregionen och Västra Götalands 49 kommuner"


def agreements(today):
    """The demo agreements as plain data (slugs are the demo's own identifiers)."""
    return [
        {
            "slug": "halso-och-sjukvardsavtalet",
            "title": "Hälso- och sjukvårdsavtalet",
            "type": "Avtal",
            "level": Level.COUNTY,
            "owner": COUNTY,
            "parties": ALL_PARTIES,
            "topics": ["Hemsjukvård", "Nära vård"],
            "decided_by": "Regionfullmäktige",
            "decided_on": D(2016, 12, 13),
            "valid_from": D(2017, 4, 1),
            "review_by": today + datetime.timedelta(days=60),
            "under_revision": True,
            "registration_number": "RS 2016-01234",
            "summary": "Avtalet reglerar ansvaret för hälso- och sjukvård mellan regionen och "
            "kommunerna, bland annat kommunal hemsjukvård, läkarmedverkan och hjälpmedel. "
            "Det har beslutats av regionfullmäktige och av fullmäktige i alla 49 kommuner "
            "och gäller tills annat beslutas. Ett förslag till revidering har tagits fram.",
            "chapters": [
                (
                    "Syfte",
                    "Avtalet ska ge den enskilde en sammanhållen vård oavsett vilken "
                    "huvudman som ansvarar för insatserna.",
                ),
                (
                    "Ansvarsfördelning",
                    "Kommunerna ansvarar för hemsjukvård i ordinärt och "
                    "särskilt boende. Regionen ansvarar för läkarinsatser och specialiserad vård.",
                ),
                (
                    "Uppföljning",
                    "Parterna följer upp avtalet årligen genom VVG och redovisar "
                    "resultatet till SRO.",
                ),
            ],
            "attachments": [("Hälso- och sjukvårdsavtalet", "huvuddokument")],
        },
        {
            "slug": "in-och-utskrivning",
            "title": "Överenskommelse om samverkan vid in- och utskrivning från sluten "
            "hälso- och sjukvård",
            "type": "Överenskommelse",
            "level": Level.COUNTY,
            "owner": COUNTY,
            "parties": "Västra Götalandsregionen och VästKom för länets 49 kommuner",
            "topics": ["In- och utskrivning", "SIP", "Digitalisering"],
            "decided_by": "SRO",
            "decided_on": D(2018, 5, 25),
            "valid_from": D(2018, 9, 24),
            "legal_basis": "Lag (2017:612) om samverkan vid utskrivning från sluten hälso- och "
            "sjukvård",
            "summary": "Överenskommelsen beskriver hur regionen och kommunerna samverkar när en "
            "patient skrivs in i och ut från sluten vård, så att den som är utskrivningsklar "
            "kan lämna sjukhuset utan onödig väntan. Den kompletteras av en gemensam riktlinje "
            "och en rutin för IT-tjänsten SAMSA. Giltighetstiden förlängdes 2022.",
            "chapters": [
                (
                    "Parter och syfte",
                    "Överenskommelsen gäller mellan regionen och länets "
                    "kommuner och bygger på lagen om samverkan vid utskrivning.",
                ),
                (
                    "Planering inför utskrivning",
                    "Den fasta vårdkontakten i primärvården "
                    "kallar till samordnad individuell plan när patienten behöver det.",
                ),
                (
                    "Betalningsansvar",
                    "Kommunen betalar för utskrivningsklara patienter från "
                    "och med det datum som anges i överenskommelsen.",
                ),
            ],
            "attachments": [
                ("Överenskommelse in- och utskrivning", "huvuddokument"),
                ("Bilaga betalningsansvar", "bilaga"),
            ],
        },
        {
            "slug": "riktlinje-in-och-utskrivning",
            "title": "Gemensam riktlinje om in- och utskrivning",
            "type": "Riktlinje",
            "level": Level.COUNTY,
            "owner": COUNTY,
            "parties": "Västra Götalandsregionen och VästKom för länets 49 kommuner",
            "topics": ["In- och utskrivning"],
            "decided_by": "VVG",
            "decided_on": D(2018, 6, 14),
            "valid_from": D(2018, 9, 24),
            "summary": "Riktlinjen beskriver ansvar och arbetsgång för slutenvård, primärvård "
            "och kommun vid in- och utskrivning. Den hör till överenskommelsen om samverkan "
            "vid in- och utskrivning.",
            "attachments": [("Riktlinje in- och utskrivning", "riktlinje")],
        },
        {
            "slug": "rutin-samsa",
            "title": "Rutin för in- och utskrivning samt IT-tjänsten SAMSA",
            "type": "Rutin",
            "level": Level.COUNTY,
            "owner": COUNTY,
            "parties": "Västra Götalandsregionen och länets 49 kommuner",
            "topics": ["In- och utskrivning", "Digitalisering"],
            "decided_by": "VVG",
            "decided_on": D(2018, 6, 14),
            "valid_from": D(2018, 9, 24),
            "summary": "Rutinen beskriver steg för steg hur inskrivningsmeddelande, planering "
            "och utskrivningsmeddelande hanteras i IT-tjänsten SAMSA.",
            "attachments": [("Rutin SAMSA", "rutin")],
        },
        {
            "slug": "psykisk-funktionsnedsattning-och-missbruk",
            "title": "Överenskommelse om samarbete kring personer med psykisk "
            "funktionsnedsättning och personer med missbruk",
            "type": "Överenskommelse",
            "level": Level.COUNTY,
            "owner": COUNTY,
            "parties": ALL_PARTIES,
            "topics": ["Psykisk hälsa", "Missbruk och beroende"],
            "decided_by": "SRO",
            "decided_on": D(2016, 11, 25),
            "valid_from": D(2017, 1, 1),
            "legal_basis": "16 kap. 3 § hälso- och sjukvårdslagen; 5 kap. 8 a och 9 a §§ "
            "socialtjänstlagen",
            "summary": "En lagstadgad överenskommelse om hur kommunerna och regionen samarbetar "
            "kring personer med psykisk funktionsnedsättning och personer med missbruk eller "
            "beroende, så att insatserna hänger ihop.",
            "attachments": [
                ("Överenskommelse psykisk funktionsnedsättning och missbruk", "huvuddokument")
            ],
        },
        {
            "slug": "vastbus-riktlinjer-2005",
            "title": "Västbus – gemensamma riktlinjer för barn och unga (2005)",
            "type": "Riktlinje",
            "level": Level.COUNTY,
            "owner": COUNTY,
            "parties": ALL_PARTIES,
            "topics": ["Barn och unga"],
            "decided_by": "Regionfullmäktige",
            "decided_on": D(2005, 3, 15),
            "valid_from": D(2005, 7, 1),
            "summary": "De första gemensamma Västbus-riktlinjerna för samverkan kring barn och "
            "unga med psykisk ohälsa och sociala svårigheter.",
        },
        {
            "slug": "vastbus-riktlinjer-2012",
            "title": "Västbus – reviderade riktlinjer för barn och unga (2012)",
            "type": "Riktlinje",
            "level": Level.COUNTY,
            "owner": COUNTY,
            "parties": ALL_PARTIES,
            "topics": ["Barn och unga"],
            "decided_by": "SRO",
            "decided_on": D(2012, 2, 10),
            "valid_from": D(2012, 4, 1),
            "replaces": "vastbus-riktlinjer-2005",
            "summary": "Reviderade Västbus-riktlinjer med förtydligat ansvar för skola, "
            "socialtjänst och hälso- och sjukvård när ett barn behöver insatser från flera.",
            "attachments": [("Västbus riktlinjer 2012", "riktlinje")],
        },
        {
            "slug": "barns-och-ungas-halsa",
            "title": "Samverkan för barns och ungas hälsa",
            "type": "Överenskommelse",
            "level": Level.COUNTY,
            "owner": COUNTY,
            "parties": ALL_PARTIES,
            "topics": ["Barn och unga", "Psykisk hälsa", "SIP"],
            "decided_by": "SRO",
            "decided_on": D(2020, 10, 16),
            "valid_from": D(2021, 1, 1),
            "replaces": "vastbus-riktlinjer-2012",
            "summary": "Överenskommelsen om samverkan kring barns och ungas hälsa ersätter "
            "Västbus-riktlinjerna. Den gäller barn och unga som behöver samordnade insatser "
            "från kommun och region, och lyfter fram barnets rätt att komma till tals.",
            "chapters": [
                (
                    "Utgångspunkter",
                    "Barnkonventionen är lag sedan 2020 och ska genomsyra samverkan.",
                ),
                (
                    "Samordnad individuell plan",
                    "När ett barn behöver insatser från flera "
                    "verksamheter görs en SIP tillsammans med barnet och vårdnadshavarna.",
                ),
            ],
            "attachments": [("Samverkan för barns och ungas hälsa", "huvuddokument")],
        },
        {
            "slug": "riktlinje-sip",
            "title": "Riktlinje för samordnad individuell plan (SIP)",
            "type": "Riktlinje",
            "level": Level.COUNTY,
            "owner": COUNTY,
            "parties": ALL_PARTIES,
            "topics": ["SIP"],
            "decided_by": "VVG",
            "decided_on": D(2019, 11, 7),
            "valid_from": D(2020, 1, 1),
            "valid_to": D(2023, 12, 31),
            "summary": "Riktlinjen beskrev när och hur en samordnad individuell plan ska "
            "upprättas och följas upp. Den gällde 2020–2023.",
            "attachments": [("Riktlinje SIP 2020–2023", "riktlinje")],
        },
        {
            "slug": "handlingsplan-psykisk-halsa",
            "title": "Handlingsplan för psykisk hälsa i Västra Götaland",
            "type": "Handlingsplan",
            "level": Level.COUNTY,
            "owner": COUNTY,
            "parties": ALL_PARTIES,
            "topics": ["Psykisk hälsa"],
            "decided_by": "Styrgrupp psykisk hälsa",
            "decided_on": D(2017, 10, 2),
            "valid_from": D(2018, 1, 1),
            "valid_to": D(2020, 12, 31),
            "summary": "Handlingsplanen beslutades av styrgruppen för psykisk hälsa och VVG "
            "hösten 2017 och rekommenderades därefter huvudmännen av SRO. Den gällde "
            "2018–2020.",
        },
        {
            "slug": "fardplan-nara-vard",
            "title": "Färdplan – länsgemensam strategi för god och nära vård",
            "type": "Strategi",
            "level": Level.COUNTY,
            "owner": COUNTY,
            "parties": ALL_PARTIES,
            "topics": ["Nära vård"],
            "decided_by": "SRO",
            "decided_on": D(2022, 11, 18),
            "valid_from": D(2023, 1, 1),
            "summary": "Färdplanen är en gemensam strategi, inte ett avtal. Den pekar ut "
            "riktningen för omställningen till god och nära vård i hela länet.",
            "attachments": [("Färdplan god och nära vård", "huvuddokument")],
        },
        {
            "slug": "samverkande-sjukvard-ockero",
            "title": "Samverkande sjukvård på Öckerö",
            "type": "Avtal",
            "level": Level.LOCAL,
            "owner": "Göteborgsområdet",
            "municipalities": ["Öckerö"],
            "parties": "Västra hälso- och sjukvårdsnämnden och Öckerö kommun",
            "topics": ["Nära vård", "Hemsjukvård"],
            "decided_by": "Hälso- och sjukvårdsnämnd",
            "decided_on": D(2018, 10, 23),
            "valid_from": D(2018, 12, 3),
            "summary": "Ett lokalt avtal om samverkande sjukvård på Öckerö, där kommunens "
            "hemsjukvård och vårdcentralen delar lokaler och jourverksamhet.",
            "attachments": [("Avtal samverkande sjukvård Öckerö", "huvuddokument")],
        },
        {
            "slug": "narsjukvardsgrupper-fyrbodal",
            "title": "Delregional överenskommelse om närsjukvårdsgrupper i Fyrbodal",
            "type": "Överenskommelse",
            "level": Level.SUBREGIONAL,
            "owner": "Fyrbodal",
            "parties": "NU-sjukvården, primärvården och Fyrbodals 15 kommuner",
            "topics": ["Nära vård"],
            "decided_by": "Delregionalt politiskt samråd",
            "decided_on": D(2021, 3, 5),
            "valid_from": D(2021, 4, 1),
            "review_by": today + datetime.timedelta(days=30),
            "summary": "Överenskommelsen beskriver närsjukvårdsgruppernas uppdrag, "
            "sammansättning och hur de rapporterar till ledningsgruppen.",
            "attachments": [("Överenskommelse närsjukvårdsgrupper", "huvuddokument")],
        },
        {
            "slug": "sip-rutin-fyrbodal",
            "title": "Reviderad rutin för SIP-möten i Fyrbodal",
            "type": "Rutin",
            "level": Level.SUBREGIONAL,
            "owner": "Fyrbodal",
            "parties": "NU-sjukvården, primärvården och Fyrbodals 15 kommuner",
            "topics": ["SIP"],
            "decided_by": "Ledningsgrupp",
            "decided_on": today - datetime.timedelta(days=20),
            "valid_from": today + datetime.timedelta(days=40),
            "summary": "En reviderad rutin för hur SIP-möten förbereds och dokumenteras. Den "
            "börjar gälla inom kort.",
        },
        {
            "slug": "mobila-team-norra-skaraborg",
            "title": "Rutin för mobila team i norra Skaraborg",
            "type": "Rutin",
            "level": Level.LOCAL,
            "owner": "Skaraborg",
            "municipalities": ["Gullspång", "Mariestad", "Töreboda"],
            "parties": "Skaraborgs Sjukhus, primärvården och kommunerna i norra Skaraborg",
            "topics": ["Nära vård", "Äldre", "Hemsjukvård"],
            "decided_by": "Ledningsgrupp",
            "decided_on": D(2024, 2, 20),
            "valid_from": D(2024, 3, 1),
            "summary": "Rutinen beskriver hur de mobila teamen tar emot uppdrag, samordnar "
            "besök i hemmet och dokumenterar insatserna.",
            "attachments": [("Rutin mobila team", "rutin")],
        },
        {
            "slug": "handlingsplan-narvard-sodra-alvsborg",
            "title": "Handlingsplan för närvården i Södra Älvsborg",
            "type": "Handlingsplan",
            "level": Level.SUBREGIONAL,
            "owner": "Södra Älvsborg",
            "parties": "Södra Älvsborgs sjukhus, primärvården och åtta kommuner",
            "topics": ["Nära vård", "Psykisk hälsa"],
            "decided_by": "Delregionalt politiskt samråd",
            "decided_on": D(2024, 11, 29),
            "valid_from": D(2025, 1, 1),
            "valid_to": D(2027, 12, 31),
            "summary": "Handlingsplanen pekar ut tre gemensamma utvecklingsområden för "
            "närvården: psykisk hälsa, äldres hälsa och digitala arbetssätt.",
            "attachments": [("Handlingsplan närvård Södra Älvsborg", "huvuddokument")],
        },
        {
            "slug": "uppdragsbeskrivning-nosam",
            "title": "Uppdragsbeskrivning för NOSAM i Göteborgsområdet",
            "type": "Uppdragsbeskrivning",
            "level": Level.SUBREGIONAL,
            "owner": "Göteborgsområdet",
            "parties": "Sahlgrenska Universitetssjukhuset, primärvården och fem kommuner",
            "topics": ["Barn och unga", "Psykisk hälsa"],
            "decided_by": "Ledningsgrupp",
            "decided_on": D(2023, 5, 11),
            "valid_from": D(2023, 6, 1),
            "summary": "Uppdragsbeskrivningen anger vad närområdessamverkan (NOSAM) ska "
            "göra, vilka som deltar och hur arbetet följs upp av LGS.",
        },
        {
            "slug": "lakemedel-aldre-simba",
            "title": "Överenskommelse om äldres läkemedelsanvändning i SIMBA",
            "type": "Överenskommelse",
            "level": Level.SUBREGIONAL,
            "owner": "SIMBA",
            "parties": "Kungälvs sjukhus, primärvården och Ale, Kungälv, Stenungsund och Tjörn",
            "topics": ["Äldre", "Läkemedel"],
            "decided_by": "Delregionalt politiskt samråd",
            "decided_on": D(2022, 9, 14),
            "valid_from": D(2022, 10, 1),
            "summary": "Överenskommelsen gäller läkemedelsgenomgångar för äldre med många "
            "läkemedel och hur kommunens sjuksköterskor och vårdcentralens läkare "
            "samarbetar kring dem.",
            "attachments": [("Överenskommelse läkemedel äldre SIMBA", "huvuddokument")],
        },
        {
            "slug": "hemsjukvard-samla",
            "title": "Samverkansavtal om hemsjukvård i Alingsås och Lerum",
            "type": "Avtal",
            "level": Level.SUBREGIONAL,
            "owner": "SAMLA",
            "parties": "Alingsås lasarett, primärvården, Alingsås kommun och Lerums kommun",
            "topics": ["Hemsjukvård", "Nära vård"],
            "decided_by": "Delregionalt politiskt samråd",
            "decided_on": D(2023, 4, 19),
            "valid_from": D(2023, 5, 1),
            "summary": "Avtalet beskriver hur hemsjukvården i Alingsås och Lerum samordnas "
            "med vårdcentraler och lasarett, bland annat vid helger.",
            "attachments": [("Samverkansavtal hemsjukvård SAMLA", "huvuddokument")],
        },
    ]


def build_demo_agreements(report, today=None):
    today = today or timezone.localdate()
    builder = DemoBuilder(report, today=today)
    sections = {s.short_name: s for s in SectionPage.objects.all()}
    types = {t.name: t for t in DocumentType.objects.all()}
    topics = {t.name: t for t in Topic.objects.all()}
    bodies = {b.name: b for b in DecisionBody.objects.all()}
    municipalities = {m.name: m for m in Municipality.objects.all()}
    by_slug = {a.slug: a for a in Agreement.objects.all()}

    for spec in agreements(today):
        if spec["slug"] in by_slug:
            continue
        section = sections[spec["owner"]]
        contact = section.contacts.select_related("contact").first()
        body = []
        for heading, text in spec.get("chapters", []):
            body.append(("heading", {"text": heading, "level": "h2"}))
            body.append(("paragraph", f"<p>{text}</p>"))
        agreement = Agreement(
            slug=spec["slug"],
            title=spec["title"],
            document_type=types[spec["type"]],
            level=spec["level"],
            section=section,
            parties=spec.get("parties", ""),
            decided_by=bodies.get(spec.get("decided_by")),
            decided_on=spec.get("decided_on"),
            registration_number=spec.get("registration_number", ""),
            valid_from=spec.get("valid_from"),
            valid_to=spec.get("valid_to"),
            review_by=spec.get("review_by"),
            replaces=by_slug.get(spec.get("replaces")),
            legal_basis=spec.get("legal_basis", ""),
            under_revision=spec.get("under_revision", False),
            summary=spec["summary"],
            body=body,
            contact=contact.contact if contact else None,
        )
        agreement.topics = [topics[name] for name in spec.get("topics", [])]
        agreement.municipalities = [municipalities[n] for n in spec.get("municipalities", [])]
        agreement.attachments = [
            AgreementAttachment(
                document=builder.pdf_document(
                    title,
                    [spec["title"], spec["summary"]]
                    + [f"{heading}. {text}" for heading, text in spec.get("chapters", [])],
                ),
                role=role,
            )
            for title, role in spec.get("attachments", [])
        ]
        agreement.save()
        agreement.save_revision().publish()
        by_slug[agreement.slug] = agreement
        report.add("avtal", agreement.title)
