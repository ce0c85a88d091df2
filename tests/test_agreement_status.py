"""Status is derived from dates and the version chain, the same in SQL and in Python."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agreements.models import Agreement, Status
from tests.factories.agreements import AgreementFactory, days

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def midday(time_machine):
    """Today at noon, the clock still: dates worked out when an agreement is made and when
    its status is read fall on the same day even if the suite runs across midnight."""
    noon = datetime.time(12, tzinfo=timezone.get_current_timezone())
    time_machine.move_to(datetime.datetime.combine(timezone.localdate(), noon), tick=False)


def status_both_ways(agreement):
    """The SQL annotation (shown in lists), the SQL conditions (used for filtering) and the
    Python property (detail pages and previews, from the successors) must all agree."""
    annotated = Agreement.objects.with_status().get(pk=agreement.pk).status
    fresh = Agreement.objects.get(pk=agreement.pk).status
    assert annotated == fresh
    filtered = [
        status
        for status in Status
        if Agreement.objects.with_status_code(status).filter(pk=agreement.pk).exists()
    ]
    assert filtered == [annotated]
    # The same conditions inside another query (their tables are renamed there).
    nested = [
        status
        for status in Status
        if Agreement.objects.filter(
            pk__in=Agreement.objects.with_status_code(status).values("pk"), pk=agreement.pk
        ).exists()
    ]
    assert nested == [annotated]
    return annotated


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "expected"),
    [
        (-10, None, Status.IN_FORCE),
        (0, None, Status.IN_FORCE),  # starts today: in force today
        (1, None, Status.UPCOMING),
        (-100, -1, Status.EXPIRED),
        (-100, 0, Status.IN_FORCE),  # ends today: still in force today
        (-100, 30, Status.IN_FORCE),
        (None, None, Status.IN_FORCE),  # no dates: in force until told otherwise
    ],
)
def test_status_follows_the_dates(valid_from, valid_to, expected):
    agreement = AgreementFactory(
        valid_from=days(valid_from) if valid_from is not None else None,
        valid_to=days(valid_to) if valid_to is not None else None,
    )
    assert status_both_ways(agreement) == expected


def test_replaced_once_the_successor_applies():
    old = AgreementFactory(valid_from=days(-400))
    AgreementFactory(valid_from=days(-5), replaces=old)
    assert status_both_ways(old) == Status.REPLACED


def test_still_in_force_while_the_successor_is_upcoming():
    old = AgreementFactory(valid_from=days(-400))
    AgreementFactory(valid_from=days(20), replaces=old)
    assert status_both_ways(old) == Status.IN_FORCE


def test_a_draft_successor_does_not_replace_anything():
    old = AgreementFactory(valid_from=days(-400))
    AgreementFactory(valid_from=days(-5), replaces=old, publish=False)
    assert status_both_ways(old) == Status.IN_FORCE


def test_replaced_beats_expired():
    old = AgreementFactory(valid_from=days(-400), valid_to=days(-10))
    AgreementFactory(valid_from=days(-30), replaces=old)
    assert status_both_ways(old) == Status.REPLACED


def test_under_revision_is_a_flag_beside_the_status():
    agreement = AgreementFactory(under_revision=True)
    assert status_both_ways(agreement) == Status.IN_FORCE
    assert Agreement.objects.get(pk=agreement.pk).under_revision


def test_a_chain_of_three_versions():
    """Västbus 2005 → Västbus 2012 → Samverkan för barns och ungas hälsa."""
    first = AgreementFactory(valid_from=days(-5000))
    second = AgreementFactory(valid_from=days(-3000), replaces=first)
    third = AgreementFactory(valid_from=days(-1000), replaces=second)
    assert [status_both_ways(a) for a in (first, second, third)] == [
        Status.REPLACED,
        Status.REPLACED,
        Status.IN_FORCE,
    ]


@pytest.mark.parametrize(
    ("fields", "field_with_error"),
    [
        ({"valid_from": days(10), "valid_to": days(5)}, "valid_to"),
        ({"slug": "api"}, "slug"),
        ({"slug": "flode"}, "slug"),
    ],
)
def test_model_validation_messages_are_swedish(fields, field_with_error):
    agreement = AgreementFactory()
    for name, value in fields.items():
        setattr(agreement, name, value)
    with pytest.raises(ValidationError) as excinfo:
        agreement.full_clean()
    message = " ".join(excinfo.value.message_dict[field_with_error])
    assert "Gäller" in message or "reserverad" in message


def test_a_version_chain_cannot_loop():
    first = AgreementFactory()
    second = AgreementFactory(replaces=first)
    first.replaces = second
    with pytest.raises(ValidationError) as excinfo:
        first.full_clean()
    assert "cirkel" in " ".join(excinfo.value.message_dict["replaces"])
