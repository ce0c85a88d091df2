"""Factories for the agreement register (the taxonomies and the register page come from
``setup_site``, run once per session)."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from agreements.models import (
    Agreement,
    AgreementAttachment,
    AgreementIndexPage,
    DecisionBody,
    DocumentType,
    Level,
    Topic,
)
from pages.models import Municipality

from .pages import ContactFactory, DocumentFactory, county

TODAY = timezone.localdate()


def days(n):
    """The date ``n`` days from today (negative: in the past)."""
    return TODAY + datetime.timedelta(days=n)


def document_type(name="Avtal"):
    return DocumentType.objects.get(name=name)


def topic(name):
    return Topic.objects.get(name=name)


def decision_body(name):
    return DecisionBody.objects.get(name=name)


def municipality(name):
    return Municipality.objects.get(name=name)


def register():
    """The live register page (/avtal/)."""
    return AgreementIndexPage.objects.get()


class AgreementFactory(factory.django.DjangoModelFactory):
    """A published agreement, live as a publication leaves it (``publish=False``: a draft
    that was never published). A test about publishing publishes a revision itself.

    ``topics`` and ``municipalities`` take lists; ``attachments`` a list of documents (or
    ``(document, role)`` pairs).
    """

    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Testavtal {n}")
    slug = factory.Sequence(lambda n: f"testavtal-{n}")
    document_type = factory.LazyFunction(document_type)
    level = Level.COUNTY
    section = factory.LazyFunction(county)
    summary = "En sammanfattning för test."
    valid_from = factory.LazyFunction(lambda: days(-100))

    @classmethod
    def _create(
        cls, model_class, *args, publish=True, topics=(), municipalities=(), attachments=(), **kw
    ):
        if publish:
            now = timezone.now()
            kw.setdefault("first_published_at", now)
            kw.setdefault("last_published_at", now)
        agreement = model_class(*args, live=publish, has_unpublished_changes=not publish, **kw)
        agreement.topics = list(topics)
        agreement.municipalities = list(municipalities)
        agreement.attachments = [
            AgreementAttachment(document=item[0], role=item[1], sort_order=position)
            if isinstance(item, tuple)
            else AgreementAttachment(document=item, sort_order=position)
            for position, item in enumerate(attachments)
        ]
        agreement.save()
        if not publish:
            agreement.save_revision()
        return agreement


def admin_form_data(agreement, **changes):
    """What the admin's edit form posts for ``agreement`` (no documents, empty body),
    with ``changes`` on top: for tests that save through the real admin URLs."""
    return {
        "title": agreement.title,
        "slug": agreement.slug,
        "document_type": agreement.document_type_id,
        "level": agreement.level,
        "section": agreement.section_id,
        "summary": agreement.summary,
        "valid_from": agreement.valid_from.isoformat() if agreement.valid_from else "",
        "body-count": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        **changes,
    }


def bulk_agreements(count, title="Massavtal", **fields):
    """``count`` published agreements ("<title> 0000" …) written in one statement: for long
    lists and query budgets. They have no revisions and are not in the search index."""
    defaults = {
        "document_type": document_type(),
        "level": Level.COUNTY,
        "section": county(),
        "summary": "Genererat avtal.",
        "valid_from": days(-100),
        "live": True,
        **fields,
    }
    return Agreement.objects.bulk_create(
        Agreement(title=f"{title} {n:04d}", slug=f"{slugify(title)}-{n:04d}", **defaults)
        for n in range(count)
    )


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementAttachment

    agreement = factory.SubFactory(AgreementFactory)
    document = factory.SubFactory(DocumentFactory)
    role = AgreementAttachment.Role.MAIN


IN_OCH_UT = "Överenskommelse om samverkan vid in- och utskrivning från sluten hälso- och sjukvård"


def in_och_utskrivning(**fields):
    """A county-level agreement with every field filled in (slug ``in-och-utskrivning``):
    facts, two documents, a contact and a web version with three chapters."""
    chapters = ["Inledning", "Ansvar och samverkan", "Uppföljning"]
    body = []
    for heading in chapters:
        body.append(("heading", {"text": heading, "level": "h2"}))
        body.append(("paragraph", f"<p>Om {heading.lower()} vid in- och utskrivning.</p>"))
    return AgreementFactory(
        **{
            "title": IN_OCH_UT,
            "slug": "in-och-utskrivning",
            "document_type": document_type("Överenskommelse"),
            "topics": [topic("In- och utskrivning")],
            "parties": "Västra Götalandsregionen och Västra Götalands 49 kommuner",
            "decided_by": decision_body("SRO"),
            "decided_on": datetime.date(2018, 5, 25),
            "registration_number": "RS 2018-03124",
            "valid_from": datetime.date(2018, 9, 24),
            "legal_basis": "Lag (2017:612) om samverkan vid utskrivning från sluten hälso- "
            "och sjukvård",
            "summary": "Hur regionen och kommunerna samverkar när en patient skrivs in i och "
            "ut från den slutna hälso- och sjukvården.",
            "body": body,
            "contact": ContactFactory(),
            "attachments": [
                (DocumentFactory(title="Överenskommelse in- och utskrivning"), "huvuddokument"),
                (DocumentFactory(title="Rutin för informationsöverföring"), "bilaga"),
            ],
            **fields,
        }
    )
