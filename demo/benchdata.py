"""Large generated content for performance tests and the benchmark.

Query counts and response times only mean something if they hold when the site is full:
this adds pages (news, groups with members and meetings, content pages) to every section
and thousands of agreements. Never used for demo content.
"""

import itertools
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement, DecisionBody, DocumentType, Level, Topic
from pages.models import (
    ContentPage,
    GroupMeeting,
    GroupMember,
    GroupPage,
    Municipality,
    NewsIndexPage,
    NewsPage,
    SectionPage,
)
from pages.setup import add_child

WORDS = (
    "samverkan vård omsorg kommun region utskrivning planering uppföljning hemsjukvård "
    "läkemedel barn unga psykisk hälsa äldre nära vård digital informationsöverföring rutin"
).split()


def sentence(n, length=18):
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


@transaction.atomic
def generate(pages_per_section=50, agreements=2000, today=None):
    """Add ``pages_per_section`` pages to every section and ``agreements`` agreements;
    return how many agreements were added."""
    today = today or timezone.localdate()
    counter = itertools.count()
    for section in SectionPage.objects.order_by("path"):
        news_index = NewsIndexPage.objects.child_of(section).first()
        if news_index is None:
            news_index = NewsIndexPage(title=f"Nyheter {section.short_name}", slug="nyheter")
            section.add_child(instance=news_index)
        for i in range(pages_per_section):
            n = next(counter)
            if i % 3 == 0:
                news = NewsPage(
                    title=f"Genererad nyhet {n}",
                    slug=f"genererad-nyhet-{n}",
                    intro=sentence(n),
                    date=today - timedelta(days=n % 400),
                )
                add_child(news_index, news)
            elif i % 3 == 1:
                group = GroupPage(
                    title=f"Genererad grupp {n}",
                    slug=f"genererad-grupp-{n}",
                    group_type=GroupPage.GroupType.WORKING_GROUP,
                    intro=sentence(n),
                    last_reviewed=today,
                )
                group.members = [
                    GroupMember(name=f"Person {n}-{m}", represents="Kommun", role="Ledamot")
                    for m in range(8)
                ]
                group.meetings = [
                    GroupMeeting(date=today + timedelta(days=d), place="Digitalt")
                    for d in (-90, -30, 30, 90)
                ]
                add_child(section, group)
            else:
                page = ContentPage(
                    title=f"Genererad sida {n}",
                    slug=f"genererad-sida-{n}",
                    intro=sentence(n),
                    last_reviewed=today,
                    body=[("paragraph", f"<p>{sentence(n, 60)}</p>")],
                )
                add_child(section, page)

    sections = list(SectionPage.objects.all())
    types = list(DocumentType.objects.all())
    topics = list(Topic.objects.all())
    bodies = list(DecisionBody.objects.all())
    municipalities = list(Municipality.objects.all())
    levels = [Level.COUNTY, Level.SUBREGIONAL, Level.LOCAL]
    start = Agreement.objects.count()
    now = timezone.now()
    created = Agreement.objects.bulk_create(
        Agreement(
            title=f"Genererat avtal {start + n:05d} om {WORDS[n % len(WORDS)]}",
            slug=f"genererat-avtal-{start + n:05d}",
            document_type=types[n % len(types)],
            level=levels[n % 3],
            section=sections[n % len(sections)],
            decided_by=bodies[n % len(bodies)],
            decided_on=today - timedelta(days=n % 1500),
            summary=sentence(n, 30),
            valid_from=today - timedelta(days=n % 900),
            valid_to=today + timedelta(days=n % 400) if n % 5 == 0 else None,
            review_by=today + timedelta(days=n % 300) if n % 4 == 0 else None,
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        for n in range(agreements)
    )
    Agreement.topics.through.objects.bulk_create(
        Agreement.topics.through(agreement_id=a.pk, topic_id=topics[n % len(topics)].pk)
        for n, a in enumerate(created)
    )
    Agreement.municipalities.through.objects.bulk_create(
        Agreement.municipalities.through(
            agreement_id=a.pk, municipality_id=municipalities[n % len(municipalities)].pk
        )
        for n, a in enumerate(created)
        if a.level == Level.LOCAL
    )
    for n in range(10, len(created), 10):  # version chains
        Agreement.objects.filter(pk=created[n].pk).update(replaces=created[n - 1].pk)
    return len(created)
