"""Models of the agreement register; import from ``agreements.models``."""

from .agreement import (
    RESERVED_SLUGS,
    REVIEW_WINDOW_DAYS,
    Agreement,
    AgreementAttachment,
    AgreementQuerySet,
    DecisionBody,
    DocumentType,
    Level,
    Status,
    Topic,
    validity_text,
)
from .register_page import AgreementIndexPage

__all__ = [
    "RESERVED_SLUGS",
    "REVIEW_WINDOW_DAYS",
    "Agreement",
    "AgreementAttachment",
    "AgreementIndexPage",
    "AgreementQuerySet",
    "DecisionBody",
    "DocumentType",
    "Level",
    "Status",
    "Topic",
    "validity_text",
]
