"""Revision reminders: the owning section's editors before "Revideras senast" and when it
has passed, the kommunikatör once a week; each sent once for its date, whatever the number
of runs. The clock is moved with time-machine, the command queues the task as cron does."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from agreements.models import Agreement, ReminderSent, Stage
from tests.factories.agreements import AgreementFactory
from tests.factories.pages import editor, kommunikator, section

pytestmark = pytest.mark.django_db

REVIEW_BY = datetime.date(2027, 3, 15)  # a Monday
NOON = datetime.time(12, 0)


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, NOON))


def run_cron():
    call_command("send_review_reminders", stdout=io.StringIO())


@pytest.fixture
def people(db):
    return {
        "fyrbodal": editor(section("Fyrbodal"), email="redaktor.fyrbodal@example.org"),
        "skaraborg": editor(section("Skaraborg"), email="redaktor.skaraborg@example.org"),
        "boss": kommunikator(email="kommunikator@example.org"),
    }


def fyrbodal_agreement(**fields):
    return AgreementFactory(
        **{
            "title": "Rutin för hemgång i Fyrbodal",
            "level": "subregional",
            "section": section("Fyrbodal"),
            "review_by": REVIEW_BY,
            **fields,
        }
    )


def editor_mails(outbox, address="redaktor.fyrbodal@example.org"):
    return [m for m in outbox if address in m.to]


@override_settings(AGREEMENT_REVIEW_REMINDER_DAYS=30)
def test_editors_are_reminded_once_before_and_once_after_the_date(people, mailoutbox, time_machine):
    fyrbodal_agreement()

    time_machine.move_to(at(REVIEW_BY - datetime.timedelta(days=31)), tick=False)
    run_cron()
    assert editor_mails(mailoutbox) == []  # too early

    time_machine.move_to(at(REVIEW_BY - datetime.timedelta(days=30)), tick=False)
    run_cron()
    run_cron()  # cron runs twice the same day: still one mail
    [before] = editor_mails(mailoutbox)
    assert before.subject == "Dags att revidera: Rutin för hemgång i Fyrbodal (senast 15 mars 2027)"
    assert "om 30 dagar" in before.body
    assert "/admin/snippets/agreements/agreement/edit/" in before.body
    assert editor_mails(mailoutbox, "redaktor.skaraborg@example.org") == []  # not their section

    for days_after in (-10, 0):  # the following days, and the date itself
        time_machine.move_to(at(REVIEW_BY + datetime.timedelta(days=days_after)), tick=False)
        run_cron()
    assert len(editor_mails(mailoutbox)) == 1

    time_machine.move_to(at(REVIEW_BY + datetime.timedelta(days=1)), tick=False)
    run_cron()
    time_machine.move_to(at(REVIEW_BY + datetime.timedelta(days=8)), tick=False)
    run_cron()
    mails = editor_mails(mailoutbox)
    assert len(mails) == 2
    assert mails[1].subject == "Revideringsdatumet har passerat: Rutin för hemgång i Fyrbodal"
    assert "passerade 15 mars 2027" in mails[1].body
    assert list(
        ReminderSent.objects.filter(agreement__isnull=False).values_list("kind", "about")
    ) == [("fore", REVIEW_BY), ("passerat", REVIEW_BY)]


@override_settings(AGREEMENT_REVIEW_REMINDER_DAYS=30)
def test_a_new_review_date_gives_new_reminders(people, mailoutbox, time_machine):
    agreement = fyrbodal_agreement()
    time_machine.move_to(at(REVIEW_BY + datetime.timedelta(days=1)), tick=False)
    run_cron()
    assert len(editor_mails(mailoutbox)) == 1
    later = REVIEW_BY.replace(year=2028)
    Agreement.objects.filter(pk=agreement.pk).update(review_by=later)
    time_machine.move_to(at(later - datetime.timedelta(days=5)), tick=False)
    run_cron()
    assert len(editor_mails(mailoutbox)) == 2
    assert "senast 15 mars 2028" in editor_mails(mailoutbox)[1].subject


@override_settings(AGREEMENT_REVIEW_REMINDER_DAYS=30)
def test_no_reminders_for_replaced_expired_or_proposed_agreements(people, mailoutbox, time_machine):
    old = fyrbodal_agreement(title="Gammal", slug="gammal")
    fyrbodal_agreement(title="Ny", slug="ny", replaces=old, valid_from=REVIEW_BY, review_by=None)
    fyrbodal_agreement(title="Upphört", slug="upphort", valid_to=REVIEW_BY)
    fyrbodal_agreement(
        title="Förslag", slug="forslag", stage=Stage.CONSULTATION, consultation_deadline=REVIEW_BY
    )
    time_machine.move_to(at(REVIEW_BY + datetime.timedelta(days=2)), tick=False)
    run_cron()
    assert editor_mails(mailoutbox) == []


def test_the_kommunikator_gets_one_summary_a_week(people, mailoutbox, time_machine):
    fyrbodal_agreement()
    AgreementFactory(title="Länsavtal", review_by=REVIEW_BY + datetime.timedelta(days=60))
    monday = REVIEW_BY - datetime.timedelta(days=14)

    def summaries():
        return [m for m in mailoutbox if m.to == ["kommunikator@example.org"]]

    for offset in range(7):  # daily cron, Monday to Sunday
        time_machine.move_to(at(monday + datetime.timedelta(days=offset)), tick=False)
        run_cron()
    [summary] = summaries()
    assert summary.subject == "Avtal att revidera, vecka 9: 2 st"
    assert "Rutin för hemgång i Fyrbodal (Fyrbodal)" in summary.body
    assert "Länsavtal (Länsnivå)" in summary.body

    time_machine.move_to(at(monday + datetime.timedelta(days=7)), tick=False)
    run_cron()
    assert len(summaries()) == 2  # the next week


def test_a_section_without_editors_reminds_the_kommunikator(mailoutbox, time_machine):
    kommunikator(email="kommunikator@example.org")
    fyrbodal_agreement()
    time_machine.move_to(at(REVIEW_BY + datetime.timedelta(days=1)), tick=False)
    run_cron()
    subjects = [m.subject for m in mailoutbox if m.to == ["kommunikator@example.org"]]
    assert "Revideringsdatumet har passerat: Rutin för hemgång i Fyrbodal" in subjects
