"""Factories for the agreement register (the taxonomies and the register page come from
``setup_site``, run once per session)."""

import datetime

import factory
from django.utils import timezone

from agreements.models import (
    Agreement,
    AgreementAttachment,
    AgreementIndexPage,
    DecisionBody,
    DocumentType,
    Level,
    Topic,
)

from .pages import DocumentFactory, county

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


def register():
    """The live register page (/avtal/)."""
    return AgreementIndexPage.objects.get()


class AgreementFactory(factory.django.DjangoModelFactory):
    """A published agreement (``publish=False``: a draft that was never published).

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
        agreement = model_class(*args, live=publish, **kw)
        agreement.topics = list(topics)
        agreement.municipalities = list(municipalities)
        agreement.attachments = [
            AgreementAttachment(document=item[0], role=item[1], sort_order=position)
            if isinstance(item, tuple)
            else AgreementAttachment(document=item, sort_order=position)
            for position, item in enumerate(attachments)
        ]
        agreement.save()
        revision = agreement.save_revision()
        if publish:
            revision.publish()
            agreement.refresh_from_db()
        return agreement


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementAttachment

    agreement = factory.SubFactory(AgreementFactory)
    document = factory.SubFactory(DocumentFactory)
    role = AgreementAttachment.Role.MAIN
