"""Factories for the pages app: pages below the site's structure, contacts, documents, users.

The site's fixed structure (home page, the seven sections, the 49 municipalities, the
register page, roles) is built once per test session by ``setup_site`` (tests/conftest.py),
as on every real installation; tests add what they need on top with these factories.
Pages are created live with a published revision, as an editor's publication leaves them.
"""

import datetime
import functools

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Collection

from demo.pdf import make_pdf
from pages.models import (
    AccessibilityStatementPage,
    Contact,
    ContentPage,
    GroupDocument,
    GroupMeeting,
    GroupMember,
    GroupPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
    StatusReportIndexPage,
    StatusReportPage,
    SurveyFormField,
    SurveyPage,
)
from pages.permissions import KOMMUNIKATOR, editor_group_for


def home():
    return HomePage.objects.get()


def section(short_name="Fyrbodal"):
    """A section of the structure by its short name ("Länsnivå", "Fyrbodal", …)."""
    return SectionPage.objects.get(short_name=short_name)


def county():
    return SectionPage.objects.get(level=SectionPage.Level.COUNTY)


class PublishedPageFactory(wagtail_factories.PageFactory):
    """Creates the page below ``parent``, live as a publication leaves it (publication
    dates set), or with ``publish=False`` as a draft that was never published. A test about
    publishing itself publishes a revision, as the admin does."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, publish=True, **kwargs):
        if publish:
            now = timezone.now()
            kwargs.setdefault("first_published_at", now)
            kwargs.setdefault("last_published_at", now)
        else:
            kwargs.update(live=False, has_unpublished_changes=True)
        page = super()._create(model_class, *args, **kwargs)
        if not publish:
            page.save_revision()
        return page


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.Sequence(lambda n: f"Kontakt Person {n}")
    role = "Samordnare"
    organisation = "Västra Götalandsregionen"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    phone = "070-174 06 50"


class ContentPageFactory(PublishedPageFactory):
    class Meta:
        model = ContentPage

    title = factory.Sequence(lambda n: f"Innehållssida {n}")
    intro = "En ingress om hur samverkan går till."
    parent = factory.LazyFunction(county)


class AccessibilityStatementPageFactory(PublishedPageFactory):
    class Meta:
        model = AccessibilityStatementPage

    title = "Tillgänglighetsredogörelse"
    slug = "tillganglighet"
    intro = "Så tillgänglig är webbplatsen."
    feedback_email = "tillganglighet@example.org"
    feedback_phone = "070-174 06 99"
    assessed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    parent = factory.LazyFunction(home)


class GroupPageFactory(PublishedPageFactory):
    class Meta:
        model = GroupPage

    title = factory.Sequence(lambda n: f"Samverkansgrupp {n}")
    group_type = GroupPage.GroupType.WORKING_GROUP
    intro = "Gruppen samordnar arbetet mellan kommunerna och regionen."
    mandate = "<p>Gruppen bereder frågor till ledningsgruppen.</p>"
    parent = factory.LazyFunction(section)


class NewsIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Nyheter"
    slug = "nyheter"
    parent = factory.LazyFunction(section)


def news_index(parent=None):
    """The news list below ``parent`` (a section by default), created if missing."""
    parent = parent or section()
    existing = NewsIndexPage.objects.child_of(parent).first()
    return existing or NewsIndexPageFactory(parent=parent)


class NewsPageFactory(PublishedPageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Nyhet nummer {n}")
    date = factory.LazyFunction(timezone.localdate)
    intro = "En kort nyhet om samverkan."
    parent = factory.LazyFunction(news_index)


class StatusReportIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = StatusReportIndexPage

    title = "Kommun-FVM"
    slug = "kommun-fvm"
    intro = "Månatliga lägesrapporter."
    parent = factory.LazyFunction(county)


class StatusReportPageFactory(PublishedPageFactory):
    class Meta:
        model = StatusReportPage

    report_month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    title = factory.LazyAttribute(lambda o: f"Lägesrapport {o.report_month:%Y-%m}")
    slug = factory.LazyAttribute(lambda o: f"rapport-{o.report_month:%Y-%m}")
    summary = "<p>Arbetet gick enligt plan.</p>"
    plan = "<p>Nästa månad fortsätter utbildningen.</p>"
    author = factory.SubFactory(ContactFactory)


class SurveyPageFactory(PublishedPageFactory):
    class Meta:
        model = SurveyPage

    title = "Enkät"
    slug = "enkat"
    intro = "Vad tycker du om webbplatsen?"
    to_address = "kommunikator@example.org"
    parent = factory.LazyFunction(home)


class SurveyFormFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyFormField

    label = factory.Sequence(lambda n: f"Fråga {n}")
    field_type = "singleline"
    required = False


class GroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMember

    name = factory.Sequence(lambda n: f"Ledamot {n}")
    represents = "Uddevalla kommun"
    role = "Ledamot"


class GroupMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMeeting

    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    start_time = datetime.time(9, 0)
    end_time = datetime.time(11, 0)
    place = "Regionens hus"


def root_collection():
    return Collection.get_first_root_node()


@functools.cache
def pdf_with_text(text):
    """A tagged PDF (the site's generator) holding ``text``, made once per text: making a
    PDF takes a noticeable moment and most tests need many documents, not their titles."""
    return make_pdf("Testdokument", [text])


class DocumentFactory(wagtail_factories.DocumentFactory):
    """A document in the root collection; ``text`` becomes the content of a real PDF."""

    class Meta:
        model = wagtail_factories.DocumentFactory._meta.model

    class Params:
        text = "Ett dokument om samverkan mellan kommunerna och regionen."

    title = factory.Sequence(lambda n: f"Dokument {n}")
    collection = factory.LazyFunction(root_collection)
    file = factory.LazyAttribute(
        lambda o: ContentFile(pdf_with_text(o.text), name=f"dokument-{o.title[:20]}.pdf")
    )
    # Set on upload through the admin; left empty, the first page that links the document
    # would store it while rendering (and so move the content version on).
    file_size = factory.LazyAttribute(lambda o: o.file.size)


class GroupDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupDocument

    document = factory.SubFactory(DocumentFactory)
    kind = GroupDocument.Kind.MINUTES


class ImageFactory(wagtail_factories.ImageFactory):
    class Meta:
        model = wagtail_factories.ImageFactory._meta.model

    collection = factory.LazyFunction(root_collection)


class UserFactory(factory.django.DjangoModelFactory):
    """An admin user; ``groups`` names the groups it belongs to."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"anvandare{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Användare {n}")
    password = factory.PostGenerationMethodCall("set_password", "ett-testlösenord-2026")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)
        if create:
            self.save()


def editor(section_page=None, **kwargs):
    """A user in the editor group of ``section_page`` (Fyrbodal by default)."""
    return UserFactory(groups=[editor_group_for(section_page or section())], **kwargs)


def kommunikator(**kwargs):
    from django.contrib.auth.models import Group

    return UserFactory(groups=[Group.objects.get(name=KOMMUNIKATOR)], **kwargs)


def municipality_index():
    """The live municipality overview (/kommun/) that setup_site creates."""
    from pages.models import MunicipalityIndexPage

    return MunicipalityIndexPage.objects.live().get()


def calendar_page():
    """The live meeting calendar (/kalender/) that setup_site creates."""
    from pages.models import CalendarPage

    return CalendarPage.objects.live().get()
