"""The pages the browser tests visit: one per public page type, from the demo content.

Every check in this package (axe-core, reflow at 320/1280 px, 200 % text, screenshots)
runs over these lists, so a new page type is covered by adding one line to ``PAGES``
(and, to get screenshots of it, its name to ``SCREENSHOTS``). URLs are looked up when a
test runs, by page type and level, never by a slug an editor could change. ``prepare``
lets an entry bring the page into the state to check first, e.g. submit a form empty so
its validation errors are on screen.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page
from wagtail.models import Site

from agreements.models import Agreement, AgreementIndexPage
from pages.models import (
    CalendarPage,
    ContentPage,
    GroupPage,
    HomePage,
    MunicipalityIndexPage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
    SiteSettings,
    StatusReportIndexPage,
    StatusReportPage,
    SurveyPage,
)


@dataclass(frozen=True)
class Target:
    name: str  # test id and screenshot file name
    url: Callable[[], str]
    status: int = 200
    prepare: Callable[[Page], None] | None = None

    def __str__(self):
        return self.name

    def open(self, visit, **options):
        """Visit the page (``visit`` fixture, e.g. ``width=320``), ready to check."""
        page = visit(self.url(), status=self.status, **options)
        if self.prepare:
            self.prepare(page)
        return page


def first(queryset):
    page = queryset.live().order_by("path").first()
    assert page is not None, f"the demo content has no live {queryset.model.__name__}"
    return page


def subregion():
    return first(SectionPage.objects.filter(level=SectionPage.Level.SUBREGIONAL))


def about(field):
    """An "Om webbplatsen" page, found through the site settings that link it."""
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    return getattr(settings, field)


def register():
    return first(AgreementIndexPage.objects.all()).url


def agreement_with_history():
    """A published agreement that replaces an older one: banners, facts, documents, chapters."""
    agreement = (
        Agreement.objects.public()
        .filter(replaces__isnull=False, attachments__isnull=False)
        .order_by("pk")
        .first()
    )
    assert agreement is not None, "the demo content has no agreement with a version chain"
    return f"{register()}{agreement.slug}/"


def consultation():
    """The demo's proposal on consultation (it replaces an agreement: comparison too)."""
    agreement = Agreement.objects.public().filter(stage="remiss").order_by("pk").first()
    assert agreement is not None, "the demo content has no proposal on consultation"
    return f"{register()}{agreement.slug}/"


def with_decisions():
    """The demo's agreement with each party's decision: the decision table."""
    agreement = Agreement.objects.public().filter(needs_party_decisions=True).first()
    assert agreement is not None, "the demo content has no agreement with party decisions"
    return f"{register()}{agreement.slug}/"


def submit_empty(page):
    """Send a form without filling it in, so its validation errors are on screen."""
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


PAGES = [
    Target("home", lambda: "/"),
    Target("section-county", lambda: first(SectionPage.objects.filter(level="county")).url),
    Target("section-subregional", lambda: subregion().url),
    Target("group", lambda: first(GroupPage.objects.filter(meetings__isnull=False)).url),
    Target("group-subregional", lambda: first(GroupPage.objects.descendant_of(subregion())).url),
    # A content page with a table block (the JSON of the body names the block type).
    Target(
        "content-page", lambda: first(ContentPage.objects.filter(body__icontains='"table"')).url
    ),
    Target(
        "news-sitewide",
        lambda: first(NewsIndexPage.objects.child_of(HomePage.objects.get())).url,
    ),
    Target("news-section", lambda: first(NewsIndexPage.objects.descendant_of(subregion())).url),
    Target("news-page", lambda: first(NewsPage.objects.all()).url),
    Target("about", lambda: about("accessibility_page").get_parent().url),
    Target("about-accessibility", lambda: about("accessibility_page").url),
    Target("about-privacy", lambda: about("privacy_page").url),
    Target("about-cookies", lambda: about("cookies_page").url),
    Target("not-found", lambda: "/finns-inte-alls/", status=404),
    Target("register", register),
    Target("register-filtered", lambda: register() + "?kommun=Lerum&typ=overenskommelse"),
    Target("register-notices", lambda: register() + "?q=xyzzyquux&typ=finns-inte&status=alla"),
    Target("agreement", agreement_with_history),
    Target("consultations", lambda: register() + "remisser/"),
    Target("agreement-consultation", consultation),
    Target("agreement-compare", lambda: consultation() + "jamfor/"),
    Target("agreement-decisions", with_decisions),
    Target("status-report-index", lambda: first(StatusReportIndexPage.objects.all()).url),
    Target("status-report", lambda: first(StatusReportPage.objects.all()).url),
    Target("search", lambda: "/sok/?q=SIP"),
    Target("search-no-hits", lambda: "/sok/?q=xyzzyqwerty"),
    Target("survey", lambda: first(SurveyPage.objects.all()).url),
    Target("survey-errors", lambda: first(SurveyPage.objects.all()).url, prepare=submit_empty),
    Target("subscribe", lambda: "/prenumerera/"),
    Target("municipalities", lambda: first(MunicipalityIndexPage.objects.all()).url),
    Target("municipality", lambda: first(MunicipalityIndexPage.objects.all()).url + "boras/"),
    Target("task", lambda: register() + "uppgift/in-och-utskrivning/"),
    Target("calendar", lambda: first(CalendarPage.objects.all()).url),
    Target("calendar-filtered", lambda: first(CalendarPage.objects.all()).url + "?sektion=x&typ=y"),
    Target("subscribe-errors", lambda: "/prenumerera/", prepare=submit_empty),
]

PAGES_BY_NAME = {target.name: target for target in PAGES}

# Screenshots at each width in SCREENSHOT_WIDTHS go to test-artifacts/screenshots/ (ignored by
# git) for a person to look at.
SCREENSHOTS = [
    "home",
    "section-subregional",
    "group",
    "register",
    "register-filtered",
    "agreement",
    "agreement-compare",
    "agreement-decisions",
    "status-report",
    "search",
    "survey-errors",
    "section-county",
    "municipalities",
    "municipality",
    "calendar",
]
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
SCREENSHOT_WIDTHS = [320, 1280]
