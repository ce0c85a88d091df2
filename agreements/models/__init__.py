"""Models of the agreement register; import from ``agreements.models``."""

from .agreement import (
    RESERVED_SLUGS,
    REVIEW_WINDOW_DAYS,
    Agreement,
    AgreementAttachment,
    DecisionBody,
    DocumentType,
    Level,
    Status,
    Topic,
)
from .register_page import AgreementIndexPage

__all__ = [
    "RESERVED_SLUGS",
    "REVIEW_WINDOW_DAYS",
    "Agreement",
    "AgreementAttachment",
    "AgreementIndexPage",
    "DecisionBody",
    "DocumentType",
    "Level",
    "Status",
    "Topic",
]
