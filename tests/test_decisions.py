"""Each party's decision: recorded by the owning section through the real admin URLs (and
by no other section), and imported from CSV with the whole file validated first."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from agreements.models import REGION, Decision, Level
from agreements.permissions import URL_ACTIONS
from pages.models import Municipality
from tests.factories.agreements import AgreementFactory, days, decision_body
from tests.factories.pages import editor, section

pytestmark = pytest.mark.django_db

PASSWORD = "ett-langt-testlosenord-2026"
DECISIONS = "/admin/snippets/agreements/decision/"


def login(user):
    client = Client()
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "login failed"
    return client


def refused(response):
    if response.status_code == 302:
        return (
            response["Location"].rstrip("/").endswith("/admin") or "login" in response["Location"]
        )
    return response.status_code in (403, 404)


def subregional(short_name, **fields):
    return AgreementFactory(
        needs_party_decisions=True,
        level=Level.SUBREGIONAL,
        section=section(short_name),
        title=f"Överenskommelse i {short_name}",
        slug=f"overenskommelse-{short_name.lower()}",
        **fields,
    )


def form_data(agreement, municipality, **changes):
    return {
        "agreement": agreement.pk,
        "municipality": municipality.pk if municipality else "",
        "body": decision_body("Kommunfullmäktige").pk,
        "decided_on": days(-3).isoformat(),
        "reference": "KF § 7",
        **changes,
    }


@pytest.fixture
def fyrbodal_editor(db):
    return login(editor(section("Fyrbodal"), password=PASSWORD))


def test_an_editor_records_and_corrects_a_decision_on_own_agreement(fyrbodal_editor):
    own = subregional("Fyrbodal")
    uddevalla = Municipality.objects.get(name="Uddevalla")
    response = fyrbodal_editor.post(f"{DECISIONS}add/", form_data(own, uddevalla))
    assert response.status_code == 302
    decision = Decision.objects.get(agreement=own, municipality=uddevalla)
    response = fyrbodal_editor.post(
        f"{DECISIONS}edit/{decision.pk}/", form_data(own, uddevalla, reference="KF § 8")
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.reference == "KF § 8"
    assert own.decision_progress.text == "1 av 16 parter har beslutat"


def test_a_second_decision_by_the_same_party_is_refused_in_swedish(fyrbodal_editor):
    own = subregional("Fyrbodal")
    uddevalla = Municipality.objects.get(name="Uddevalla")
    fyrbodal_editor.post(f"{DECISIONS}add/", form_data(own, uddevalla))
    response = fyrbodal_editor.post(f"{DECISIONS}add/", form_data(own, uddevalla))
    assert response.status_code == 200
    assert "har redan ett registrerat beslut" in response.content.decode()
    assert Decision.objects.filter(agreement=own).count() == 1


def test_another_sections_decisions_are_out_of_reach(fyrbodal_editor):
    other = subregional("Skaraborg")
    skovde = Municipality.objects.get(name="Skövde")
    decision = Decision.objects.create(
        agreement=other,
        municipality=skovde,
        body=decision_body("Kommunfullmäktige"),
        decided_on=days(-10),
        reference="KF § 1",
    )
    for url in (
        f"{DECISIONS}edit/{decision.pk}/",
        f"{DECISIONS}delete/{decision.pk}/",
        f"{DECISIONS}history/{decision.pk}/",
        f"{DECISIONS}inspect/{decision.pk}/",
        f"{DECISIONS}usage/{decision.pk}/",
    ):
        assert refused(fyrbodal_editor.get(url)), url
    assert refused(
        fyrbodal_editor.post(
            f"{DECISIONS}edit/{decision.pk}/", form_data(other, skovde, reference="Ändrad")
        )
    )
    assert refused(fyrbodal_editor.post(f"{DECISIONS}delete/{decision.pk}/"))
    decision.refresh_from_db()
    assert decision.reference == "KF § 1"

    # Not listed, and a forged POST naming the other section's agreement is refused.
    listing = fyrbodal_editor.get(DECISIONS).content.decode()
    assert "Överenskommelse i Skaraborg" not in listing
    response = fyrbodal_editor.post(
        f"{DECISIONS}add/", form_data(other, Municipality.objects.get(name="Vara"))
    )
    assert response.status_code == 200
    assert not Decision.objects.filter(municipality__name="Vara").exists()


def test_the_kommunikator_records_decisions_for_every_section(admin_client_logged_in):
    other = subregional("Skaraborg")
    response = admin_client_logged_in.post(
        f"{DECISIONS}add/",
        form_data(other, None, body=decision_body("Regionfullmäktige").pk, reference="RF § 3"),
    )
    assert response.status_code == 302
    assert Decision.objects.get(agreement=other).party_name == REGION


def test_every_admin_url_taking_a_decision_id_is_guarded():
    names = {
        p.name
        for p in Decision.snippet_viewset.get_urlpatterns()
        if "pk" in p.pattern.regex.groupindex
    }
    assert names <= set(URL_ACTIONS), names - set(URL_ACTIONS)


# -- CSV import -------------------------------------------------------------------------------

HEADER = "Avtal;Part;Beslutande organ;Beslutsdatum;Paragraf eller diarienummer"


def write(tmp_path, *rows, header=HEADER):
    path = tmp_path / "beslut.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_decisions", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_failing(path):
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_decisions", str(path), stdout=io.StringIO(), stderr=err)
    return str(excinfo.value), err.getvalue().splitlines()


def test_import_creates_then_updates_without_duplicates(tmp_path):
    agreement = AgreementFactory(needs_party_decisions=True, slug="barn-och-unga")
    rows = [
        "barn-och-unga;Västra Götalandsregionen;Regionfullmäktige;2025-01-14;RF § 4",
        "barn-och-unga;Borås;Kommunfullmäktige;2025-02-03;KF § 22",
        "barn-och-unga;öckerö;kommunfullmäktige;2025-02-10;",
    ]
    assert "3 nya beslut" in run(write(tmp_path, *rows))
    assert agreement.decision_progress.text == "3 av 50 parter har beslutat"
    rows[1] = rows[1].replace("KF § 22", "KF § 23")
    assert "0 nya beslut, 1 uppdaterade, 2 oförändrade" in run(write(tmp_path, *rows))
    assert Decision.objects.get(municipality__name="Borås").reference == "KF § 23"


def test_import_reports_every_bad_row_and_imports_nothing(tmp_path):
    AgreementFactory(needs_party_decisions=True, slug="barn-och-unga")
    AgreementFactory(slug="utan-partsbeslut")
    AgreementFactory(
        needs_party_decisions=True,
        slug="samla",
        level=Level.SUBREGIONAL,
        section=section("SAMLA"),
    )
    future = days(10).isoformat()
    path = write(
        tmp_path,
        "barn-och-unga;Borås;Kommunfullmäktige;2025-02-03;KF § 22",  # fine
        "finns-inte;Borås;Kommunfullmäktige;2025-02-03;",
        "utan-partsbeslut;Borås;Kommunfullmäktige;2025-02-03;",
        "barn-och-unga;Atlantis;Kommunfullmäktige;2025-02-03;",
        "samla;Borås;Kommunfullmäktige;2025-02-03;",
        "barn-och-unga;Vara;Kommunstämman;3 februari 2025;",
        f"barn-och-unga;Tjörn;Kommunfullmäktige;{future};",
        "barn-och-unga;borås;Kommunfullmäktige;2025-02-04;",
        "barn-och-unga;;Kommunfullmäktige;2025-02-04;",
    )
    message, errors = run_failing(path)
    assert message == "Filen har 9 fel på 8 rader. Inga beslut importerades."
    assert errors == [
        "Rad 3: Det finns inget avtal med kortadressen ”finns-inte”.",
        "Rad 4: Avtalet ”utan-partsbeslut” kräver inte beslut av varje part "
        "(markera det i avtalets uppgifter först).",
        "Rad 5: Okänd part ”Atlantis” (en kommun eller Västra Götalandsregionen).",
        "Rad 6: Borås är inte part i avtalet ”samla”.",
        "Rad 7: Beslutsdatum ”3 februari 2025” är inte ett datum (skriv ÅÅÅÅ-MM-DD).",
        "Rad 7: Okänt beslutande organ ”Kommunstämman”.",
        f"Rad 8: Beslutsdatum {future} ligger i framtiden.",
        "Rad 9: Samma part och avtal finns redan på rad 2.",
        "Rad 10: Part saknas.",
    ]
    assert not Decision.objects.exists()


def test_import_refuses_a_file_with_wrong_columns(tmp_path):
    message, _ = run_failing(write(tmp_path, "x;y", header="Avtal;Kommun"))
    assert message.startswith("Kolumner saknas: Part, Beslutande organ, Beslutsdatum.")
