"""The topics a visitor can follow, as one catalogue for the form, the e-mails and the admin.

A topic has a stable key that is used in form values, in confirmation links and in the
``?amne=`` parameter of links to the subscription page (e.g. ``sektion-12``). Sections and
report series are found by page type, never by slug.
"""

from dataclasses import dataclass, field

from agreements.models import AgreementIndexPage
from pages.models import Municipality, SectionPage, StatusReportIndexPage

ALL = "allt"
AGREEMENTS = "avtal"
SECTION_PREFIX = "sektion-"
REPORTS_PREFIX = "rapporter-"
MUNICIPALITY_PREFIX = "kommun-"


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    description: str = ""
    page_id: int | None = None
    short_label: str = ""  # in the form, under a group legend that already says the rest

    @property
    def form_label(self):
        return self.short_label or self.label


@dataclass
class Catalogue:
    site: list[Topic] = field(default_factory=list)
    sections: list[Topic] = field(default_factory=list)
    reports: list[Topic] = field(default_factory=list)
    municipalities: list[Topic] = field(default_factory=list)

    @property
    def all(self):
        return self.site + self.sections + self.reports + self.municipalities

    def choices(self):
        return [(topic.key, topic.form_label) for topic in self.all]


def section_key(section_id):
    return f"{SECTION_PREFIX}{section_id}"


def reports_key(index_id):
    return f"{REPORTS_PREFIX}{index_id}"


def municipality_key(municipality_id):
    return f"{MUNICIPALITY_PREFIX}{municipality_id}"


def load_catalogue():
    """Everything that can be followed now (three or four queries)."""
    catalogue = Catalogue(
        site=[
            Topic(
                ALL,
                "Allt som publiceras på webbplatsen",
                "Nya och ändrade sidor, nyheter, avtal och rapporter från alla sektioner.",
            )
        ]
    )
    if AgreementIndexPage.objects.live().exists():
        catalogue.site.append(
            Topic(
                AGREEMENTS,
                "Avtal och överenskommelser",
                "Nya och ändrade avtal, överenskommelser, riktlinjer och rutiner i "
                "avtalsregistret.",
            )
        )
    catalogue.sections = [
        Topic(section_key(s.pk), s.short_name or s.title, page_id=s.pk)
        for s in SectionPage.objects.live().order_by("path")
    ]
    catalogue.reports = [
        Topic(reports_key(r.pk), f"Lägesrapporter: {r.title}", page_id=r.pk, short_label=r.title)
        for r in StatusReportIndexPage.objects.live().order_by("path")
    ]
    catalogue.municipalities = [
        Topic(
            municipality_key(m.pk),
            f"Avtal som gäller för {m.name}",
            page_id=m.pk,
            short_label=m.name,
        )
        for m in Municipality.objects.order_by("name")
    ]
    return catalogue


def parse_keys(keys):
    """Split topic keys into (all_content, agreements, section ids, report index ids,
    municipality ids).

    Unknown or malformed keys are dropped: they can come from an old link or a query string.
    """
    all_content = agreements = False
    section_ids, report_ids, municipality_ids = set(), set(), set()
    for key in keys:
        if key == ALL:
            all_content = True
        elif key == AGREEMENTS:
            agreements = True
        elif key.startswith(SECTION_PREFIX) and key[len(SECTION_PREFIX) :].isdigit():
            section_ids.add(int(key[len(SECTION_PREFIX) :]))
        elif key.startswith(REPORTS_PREFIX) and key[len(REPORTS_PREFIX) :].isdigit():
            report_ids.add(int(key[len(REPORTS_PREFIX) :]))
        elif key.startswith(MUNICIPALITY_PREFIX) and key[len(MUNICIPALITY_PREFIX) :].isdigit():
            municipality_ids.add(int(key[len(MUNICIPALITY_PREFIX) :]))
    return all_content, agreements, section_ids, report_ids, municipality_ids


def keys_of(subscriber):
    """The topic keys a subscriber follows now."""
    keys = []
    if subscriber.all_content:
        keys.append(ALL)
    if subscriber.agreements:
        keys.append(AGREEMENTS)
    keys += [section_key(pk) for pk in subscriber.sections.values_list("pk", flat=True)]
    keys += [reports_key(pk) for pk in subscriber.report_indexes.values_list("pk", flat=True)]
    keys += [municipality_key(pk) for pk in subscriber.municipalities.values_list("pk", flat=True)]
    return keys


def apply_keys(subscriber, keys):
    """Make the subscriber follow exactly ``keys`` (ids that no longer exist are ignored)."""
    all_content, agreements, section_ids, report_ids, municipality_ids = parse_keys(keys)
    subscriber.all_content = all_content
    subscriber.agreements = agreements
    subscriber.save(update_fields=["all_content", "agreements"])
    subscriber.sections.set(SectionPage.objects.filter(pk__in=section_ids))
    subscriber.report_indexes.set(StatusReportIndexPage.objects.filter(pk__in=report_ids))
    subscriber.municipalities.set(Municipality.objects.filter(pk__in=municipality_ids))


def labels_for(keys, catalogue=None):
    """Human labels of the given keys, in catalogue order (for e-mails and pages)."""
    catalogue = catalogue or load_catalogue()
    wanted = set(keys)
    return [topic.label for topic in catalogue.all if topic.key in wanted]
