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
from .tasks import Task, TaskGroup

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
    "Task",
    "TaskGroup",
    "Topic",
]
