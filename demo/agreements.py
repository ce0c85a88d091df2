"""The demo agreements of ``setup_site --demo``, from ``data/agreements.toml``.

Agreements are found by slug, so a second run adds nothing. Each attachment is a generated
PDF whose text (title, summary, chapters) search can extract.
"""

import datetime

from django.utils import timezone

from agreements.models import (
    REGION,
    Agreement,
    AgreementAttachment,
    Decision,
    DecisionBody,
    DocumentType,
    Level,
    Stage,
    Topic,
)
from pages.models import Municipality, SectionPage

from .content import pdf_document
from .data import load


def build_demo_agreements(report, today=None):
    today = today or timezone.localdate()

    def date(value):
        """A date, or a whole number of days from today."""
        return today + datetime.timedelta(days=value) if isinstance(value, int) else value

    sections = {s.short_name: s for s in SectionPage.objects.all()}
    types = {t.name: t for t in DocumentType.objects.all()}
    topics = {t.name: t for t in Topic.objects.all()}
    bodies = {b.name: b for b in DecisionBody.objects.all()}
    municipalities = {m.name: m for m in Municipality.objects.all()}
    by_slug = {a.slug: a for a in Agreement.objects.all()}

    for spec in load("agreements")["agreement"]:
        if spec["slug"] in by_slug:
            continue
        section = sections[spec["owner"]]
        contact = section.contacts.select_related("contact").first()
        chapters = spec.get("chapters", {})
        body = []
        for heading, text in chapters.items():
            body.append(("heading", {"text": heading, "level": "h2"}))
            body.append(("paragraph", f"<p>{text}</p>"))
        agreement = Agreement(
            slug=spec["slug"],
            title=spec["title"],
            document_type=types[spec["type"]],
            level=Level(spec["level"]),
            section=section,
            parties=spec["parties"],
            decided_by=bodies.get(spec.get("decided_by")),
            decided_on=date(spec.get("decided_on")),
            registration_number=spec.get("registration_number", ""),
            valid_from=date(spec.get("valid_from")),
            valid_to=spec.get("valid_to"),
            review_by=date(spec.get("review_by")),
            replaces=by_slug.get(spec.get("replaces")),
            legal_basis=spec.get("legal_basis", ""),
            under_revision=spec.get("under_revision", False),
            whats_new=spec.get("whats_new", ""),
            stage=spec.get("stage", Stage.DECIDED),
            consultation_deadline=date(spec.get("consultation_deadline")),
            consultation_parties=spec.get("consultation_parties", ""),
            consultation_reply_to=spec.get("consultation_reply_to", ""),
            needs_party_decisions=bool(spec.get("decisions")),
            summary=spec["summary"],
            body=body,
            contact=contact.contact if contact else None,
        )
        agreement.topics = [topics[name] for name in spec["topics"]]
        agreement.municipalities = [municipalities[n] for n in spec.get("municipalities", [])]
        text = [spec["title"], spec["summary"]] + [f"{h}. {t}" for h, t in chapters.items()]
        agreement.attachments = [
            AgreementAttachment(document=pdf_document(title, text, report), role=role)
            for title, role in spec.get("attachments", [])
        ]
        agreement.save()
        agreement.save_revision().publish()
        by_slug[agreement.slug] = agreement
        report.add("avtal", agreement.title)
        Decision.objects.bulk_create(
            Decision(
                agreement=agreement,
                municipality=None if party == REGION else municipalities[party],
                body=bodies[body],
                decided_on=decided_on,
                reference=reference,
            )
            for party, body, decided_on, reference in spec.get("decisions", [])
        )
