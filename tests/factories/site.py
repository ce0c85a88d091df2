"""A small site with one page of every public page type, for tests that visit them all.

On top of the structure from ``setup_site`` (home page, sections, register page, the
site-wide news list): a group with a contact, members, a meeting and minutes, a content
page, a section's news list with a news item, a news item in the site-wide list, a status
report series with a report, an agreement with filters set and a document, the survey, and
the footer's settings.
"""

from types import SimpleNamespace

from pages.models import Municipality, NewsIndexPage, SectionContact

from .agreements import AgreementFactory, decision_body, document_type, register, topic
from .forms import footer, survey
from .pages import (
    ContactFactory,
    ContentPageFactory,
    DocumentFactory,
    GroupDocumentFactory,
    GroupMeetingFactory,
    GroupMemberFactory,
    GroupPageFactory,
    NewsPageFactory,
    StatusReportIndexPageFactory,
    StatusReportPageFactory,
    home,
    news_index,
    section,
)


def small_site():
    fyrbodal = section("Fyrbodal")
    contact = ContactFactory(name="Sara Samordnare", email="sara.samordnare@example.org")
    SectionContact.objects.create(page=fyrbodal, contact=contact)
    group = GroupPageFactory(parent=fyrbodal, title="Närvårdsgruppen i Uddevalla", contact=contact)
    GroupMemberFactory(page=group)
    GroupMeetingFactory(page=group)
    GroupDocumentFactory(page=group)
    section_news = news_index(fyrbodal)
    site_news = NewsIndexPage.objects.get(depth=3)
    reports = StatusReportIndexPageFactory()
    return SimpleNamespace(
        footer=footer(),
        home=home(),
        section=fyrbodal,
        group=group,
        content_page=ContentPageFactory(parent=fyrbodal, title="Så samverkar vi"),
        section_news=section_news,
        section_news_item=NewsPageFactory(parent=section_news),
        site_news=site_news,
        site_news_item=NewsPageFactory(parent=site_news),
        reports=reports,
        report=StatusReportPageFactory(parent=reports, author=contact),
        register=register(),
        agreement=AgreementFactory(
            title="Överenskommelse om samordnad individuell plan",
            document_type=document_type("Överenskommelse"),
            topics=[topic("SIP")],
            municipalities=[Municipality.objects.get(name="Uddevalla")],
            decided_by=decision_body("SRO"),
            contact=contact,
            attachments=[DocumentFactory(text="Samordnad individuell plan, SIP.")],
        ),
        survey=survey(title="Enkät om webbplatsen"),
    )
