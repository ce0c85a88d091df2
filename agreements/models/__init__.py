"""Models of the agreement register; import from ``agreements.models``."""

from .agreement import (
    RESERVED_SLUGS,
    REVIEW_WINDOW_DAYS,
    Agreement,
    AgreementAttachment,
    DecisionBody,
    DocumentType,
    Level,
    Stage,
    Status,
    Topic,
)
from .life import REGION, Decision, DecisionProgress, ReminderSent
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
    "REGION",
    "Decision",
    "DecisionProgress",
    "ReminderSent",
    "Stage",
    "Status",
    "Task",
    "TaskGroup",
    "Topic",
]
