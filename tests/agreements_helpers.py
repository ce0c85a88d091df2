"""Helpers shared by the agreement tests."""

import datetime

from django.utils import timezone

from agreements.models import Agreement, DocumentType, Level
from pages.models import SectionPage

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def make_agreement(publish=True, topics=(), municipalities=(), **fields):
    """Create an agreement (published unless ``publish=False``) with sensible defaults."""
    slug = fields.pop("slug", None) or f"test-{Agreement.objects.count() + 1}-{id(fields)}"
    defaults = {
        "title": f"Testavtal {slug}",
        "document_type": DocumentType.objects.get(name="Avtal"),
        "level": Level.COUNTY,
        "section": SectionPage.objects.get(level=SectionPage.Level.COUNTY),
        "summary": "En sammanfattning för test.",
        "valid_from": days(-100),
    }
    defaults.update(fields)
    agreement = Agreement(slug=slug, live=publish, **defaults)
    agreement.topics = list(topics)
    agreement.municipalities = list(municipalities)
    agreement.save()
    revision = agreement.save_revision()
    if publish:
        revision.publish()
    return agreement


def register_url():
    from agreements.models import AgreementIndexPage

    return AgreementIndexPage.objects.get().url
