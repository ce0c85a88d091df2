"""The agreement's whole life: a proposal on consultation becomes the decided agreement (or
is withdrawn), each party's decision and the progress, what changed between versions, links
into the text, and the JSON API, CSV export and digest showing it all."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import Revision

from agreements.compare import compare
from agreements.models import REGION, Agreement, Decision, Level, Stage, Status
from pages.models import Municipality
from tests.factories.agreements import AgreementFactory, days, decision_body, register
from tests.factories.pages import DocumentFactory, section

pytestmark = pytest.mark.django_db


def soup(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text(page):
    return " ".join(page.select_one("main").get_text(" ").split())


def proposal(**fields):
    return AgreementFactory(
        **{
            "title": "Förslag till reviderad rutin för hemgång",
            "slug": "forslag-hemgang",
            "stage": Stage.CONSULTATION,
            "consultation_deadline": days(30),
            "consultation_parties": "Länets 49 kommuner och regionens nämnder",
            "consultation_reply_to": "remiss@example.org",
            "valid_from": None,
            **fields,
        }
    )


def decide(agreement, party, on=datetime.date(2025, 3, 4), reference="KF § 12", **fields):
    """A decision by ``party`` (a municipality's name, or the region)."""
    municipality = None if party == REGION else Municipality.objects.get(name=party)
    body = decision_body("Regionfullmäktige" if municipality is None else "Kommunfullmäktige")
    return Decision.objects.create(
        agreement=agreement,
        municipality=municipality,
        body=body,
        decided_on=on,
        reference=reference,
        **fields,
    )


# -- consultation -------------------------------------------------------------------------


def test_a_proposal_is_listed_under_remisser_and_not_as_in_force(client):
    proposal()
    AgreementFactory(title="Gällande rutin")
    assert Agreement.objects.with_status().get(slug="forslag-hemgang").status == Status.CONSULTATION
    listing = text(soup(client, f"{register().url}remisser/"))
    assert "Förslag till reviderad rutin för hemgång" in listing
    assert "Sista dag för svar:" in listing
    assert "Remissen går till: Länets 49 kommuner och regionens nämnder" in listing
    in_force = text(soup(client, register().url))
    assert "Gällande rutin" in in_force
    assert "Förslag till reviderad rutin" not in in_force


def test_the_registers_status_filter_shows_proposals(client):
    proposal()
    AgreementFactory(title="Gällande rutin")
    page = soup(client, register().url, {"status": "remiss"})
    titles = [a.get_text(strip=True) for a in page.select(".agreement-item__title a")]
    assert titles == ["Förslag till reviderad rutin för hemgång"]
    assert "På remiss" in page.select_one(".agreement-item__meta").get_text()
    option = page.select_one('#filter-status option[value="remiss"]')
    assert option.get_text() == "På remiss"


def test_a_proposals_page_says_where_and_until_when_to_answer(client):
    agreement = proposal(attachments=[(DocumentFactory(title="Missiv"), "remissunderlag")])
    page = text(soup(client, f"{register().url}{agreement.slug}/"))
    deadline = f"{days(30).day} "
    assert "Förslag på remiss." in page
    assert f"Lämna synpunkter senast {deadline}" in page
    assert "Svaren skickas till remiss@example.org" in page
    assert "Missiv" in page and "Remissunderlag" in page


def test_a_proposals_validity_says_it_does_not_apply_yet():
    assert proposal().validity_text == "Förslag, gäller inte ännu"
    planned = proposal(slug="planerad", valid_from=datetime.date(2027, 4, 1))
    assert planned.validity_text == "Förslag, föreslås gälla från 1 april 2027"
    withdrawn = proposal(slug="tillbaka", stage=Stage.WITHDRAWN)
    assert withdrawn.validity_text == "Gällde aldrig (förslaget drogs tillbaka)"


def test_a_proposal_needs_a_deadline_and_parties():
    agreement = proposal()
    agreement.consultation_deadline = None
    agreement.consultation_parties = ""
    with pytest.raises(ValidationError) as excinfo:
        agreement.full_clean()
    assert set(excinfo.value.message_dict) == {"consultation_deadline", "consultation_parties"}


def test_a_proposal_becomes_the_decided_agreement_on_the_same_record(client):
    agreement = proposal()
    agreement.save_revision().publish()
    agreement.stage = Stage.DECIDED
    agreement.valid_from = days(-1)
    agreement.decided_on = days(-10)
    agreement.save_revision().publish()

    decided = Agreement.objects.with_status().get(pk=agreement.pk)
    assert decided.status == Status.IN_FORCE
    assert Revision.objects.for_instance(agreement).count() == 2  # history kept
    assert "Förslag till reviderad rutin för hemgång" in text(soup(client, register().url))
    assert "Förslag till reviderad" not in text(soup(client, f"{register().url}remisser/"))


def test_a_withdrawn_proposal_stays_findable_but_never_applies(client):
    proposal(stage=Stage.WITHDRAWN)
    assert "Förslag till reviderad" not in text(soup(client, register().url))
    page = soup(client, register().url, {"status": "tillbakadraget"})
    assert "Förslag till reviderad rutin för hemgång" in text(page)
    detail = text(soup(client, f"{register().url}forslag-hemgang/"))
    assert "Förslaget har dragits tillbaka." in detail


def test_a_proposal_for_a_new_version_does_not_replace_the_old_one(client):
    old = AgreementFactory(title="Rutin för hemgång", slug="hemgang")
    proposal(replaces=old)
    assert Agreement.objects.with_status().get(pk=old.pk).status == Status.IN_FORCE
    page = text(soup(client, f"{register().url}hemgang/"))
    assert "Ny version på remiss." in page
    assert "Ersatt." not in page


# -- each party's decision ----------------------------------------------------------------


def test_progress_counts_the_region_and_all_49_municipalities():
    agreement = AgreementFactory(needs_party_decisions=True)
    decide(agreement, REGION)
    for name in ["Borås", "Göteborg", "Vara"]:
        decide(agreement, name)
    progress = Agreement.objects.get(pk=agreement.pk).decision_progress
    assert (progress.decided, progress.parties) == (4, 50)
    assert progress.text == "4 av 50 parter har beslutat"
    annotated = Agreement.objects.with_decision_progress().get(pk=agreement.pk)
    assert annotated.decision_progress.text == "4 av 50 parter har beslutat"


def test_progress_of_a_subregional_agreement_counts_its_municipalities():
    agreement = AgreementFactory(
        needs_party_decisions=True, level=Level.SUBREGIONAL, section=section("SAMLA")
    )
    decide(agreement, "Lerum")
    assert agreement.decision_progress.text == "1 av 3 parter har beslutat"  # VGR, Alingsås, Lerum
    named = AgreementFactory(
        needs_party_decisions=True,
        level=Level.LOCAL,
        section=section("Göteborgsområdet"),
        municipalities=[Municipality.objects.get(name="Öckerö")],
    )
    assert named.decision_progress.text == "0 av 2 parter har beslutat"
    assert AgreementFactory().decision_progress is None


def test_the_agreement_page_shows_who_has_decided(client):
    agreement = AgreementFactory(needs_party_decisions=True, slug="avtal-med-beslut")
    decide(agreement, REGION, reference="RF § 212")
    decide(agreement, "Borås", document=DocumentFactory(title="Protokollsutdrag Borås"))
    page = soup(client, f"{register().url}avtal-med-beslut/")
    assert "2 av 50 parter har beslutat" in text(page)
    rows = {
        tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select(".decision-table tbody tr")
    }
    assert len(rows) == 50
    assert rows[REGION][0] == "Regionfullmäktige"
    assert rows[REGION][2] == "RF § 212"
    assert rows["Borås"][2].startswith("KF § 12")
    assert page.select_one(".decision-table a[href$='.pdf']") is not None
    assert rows["Vara"][0] == "Inte beslutat ännu"


def test_a_decision_is_shown_at_once_and_found_for_its_municipality(client):
    agreement = AgreementFactory(needs_party_decisions=True, slug="avtal-med-beslut")
    url = f"{register().url}avtal-med-beslut/"
    assert "0 av 50 parter har beslutat" in text(soup(client, url))
    decision = decide(agreement, "Tjörn")
    assert "1 av 50 parter har beslutat" in text(soup(client, url))
    tjorn = Municipality.objects.get(name="Tjörn")
    assert list(Decision.objects.for_municipality(tjorn)) == [decision]
    agreement.live = False
    agreement.save()
    assert not Decision.objects.for_municipality(tjorn).exists()


def test_one_decision_per_party():
    agreement = AgreementFactory(needs_party_decisions=True)
    decide(agreement, REGION)
    duplicate = Decision(
        agreement=agreement, body=decision_body("Regionfullmäktige"), decided_on=days(-1)
    )
    with pytest.raises(ValidationError, match="redan ett registrerat beslut"):
        duplicate.full_clean()


def test_a_municipality_outside_the_agreement_is_not_a_party():
    agreement = AgreementFactory(
        needs_party_decisions=True, level=Level.SUBREGIONAL, section=section("SAMLA")
    )
    decision = Decision(
        agreement=agreement,
        municipality=Municipality.objects.get(name="Borås"),
        body=decision_body("Kommunfullmäktige"),
        decided_on=days(-1),
    )
    with pytest.raises(ValidationError, match="Borås är inte part i avtalet"):
        decision.full_clean()


# -- what changed ---------------------------------------------------------------------------


OLD_BODY = [
    ("heading", {"text": "Syfte", "level": "h2"}),
    ("paragraph", "<p>Avtalet ska ge en sammanhållen vård.</p>"),
    ("heading", {"text": "Ansvar", "level": "h2"}),
    ("paragraph", "<p>Regionen ansvarar för läkarinsatser och specialiserad vård.</p>"),
    ("paragraph", "<p>Kommunen ansvarar för hemsjukvården.</p><p>Tvister går till VVG.</p>"),
    ("heading", {"text": "Uppföljning", "level": "h2"}),
    ("paragraph", "<p>Parterna följer upp avtalet årligen.</p>"),
]
NEW_BODY = [
    ("heading", {"text": "Syfte", "level": "h2"}),
    ("paragraph", "<p>Avtalet ska ge en sammanhållen vård.</p>"),
    ("heading", {"text": "Ansvar", "level": "h2"}),
    (
        "paragraph",
        "<p>Regionen ansvarar för läkarinsatser i hemsjukvården och specialiserad vård.</p>",
    ),
    ("paragraph", "<p>Kommunen ansvarar för hemsjukvården.</p>"),
    ("heading", {"text": "Hjälpmedel", "level": "h2"}),
    ("paragraph", "<p>Den som ansvarar för insatsen bekostar hjälpmedlet.</p>"),
    ("heading", {"text": "Uppföljning", "level": "h2"}),
    ("paragraph", "<p>Parterna följer upp avtalet två gånger om året.</p>"),
]


def versions():
    old = AgreementFactory(title="Avtalet 2017", slug="avtalet-2017", body=OLD_BODY)
    new = AgreementFactory(
        title="Avtalet 2025",
        slug="avtalet-2025",
        body=NEW_BODY,
        replaces=old,
        whats_new="Ett kapitel om hjälpmedel och tätare uppföljning.",
    )
    return old, new


def test_comparison_of_two_real_versions():
    old, new = versions()
    result = compare(old.body, new.body)
    kinds = [(c.kind, c.text) for c in result.changes if c.kind != "same"]
    assert kinds == [
        (
            "changed",
            "Regionen ansvarar för läkarinsatser i hemsjukvården och specialiserad vård.",
        ),
        ("removed", "Tvister går till VVG."),
        ("added", "Hjälpmedel"),
        ("added", "Den som ansvarar för insatsen bekostar hjälpmedlet."),
        ("changed", "Parterna följer upp avtalet två gånger om året."),
    ]
    reworded = result.changes[[c.kind for c in result.changes].index("changed")]
    assert ("added", "i hemsjukvården") in reworded.parts
    last = [c for c in result.changes if c.kind == "changed"][-1]
    assert ("removed", "årligen.") in last.parts
    assert ("added", "två gånger om året.") in last.parts
    assert (result.added, result.removed, result.changed) == (2, 1, 2)


def test_the_comparison_page_marks_changes_with_words(client):
    versions()
    page = soup(client, f"{register().url}avtalet-2025/jamfor/")
    labels = [label.get_text(strip=True) for label in page.select(".change__label")]
    assert labels == ["Ändrat:", "Borttaget:", "Tillagt rubrik:", "Tillagt:", "Ändrat:"]
    assert any("Tvister går till VVG." in d.get_text() for d in page.select("del"))
    hidden = " ".join(
        s.get_text() for s in page.select("ins .visually-hidden, del .visually-hidden")
    )
    assert "[tillagt:" in hidden and "[borttaget:" in hidden
    assert "Ett kapitel om hjälpmedel och tätare uppföljning." in text(page)


def test_the_new_versions_page_says_whats_new_and_links_the_comparison(client):
    versions()
    page = soup(client, f"{register().url}avtalet-2025/")
    section_ = page.select_one("#agreement-whats-new").parent
    assert "Ett kapitel om hjälpmedel och tätare uppföljning." in section_.get_text()
    assert page.select_one("a[href$='/avtalet-2025/jamfor/']") is not None


def test_without_a_predecessor_there_is_no_comparison(client):
    AgreementFactory(slug="ensamt")
    assert client.get(f"{register().url}ensamt/jamfor/").status_code == 404


def test_a_new_version_requires_whats_new():
    old = AgreementFactory()
    new = AgreementFactory(replaces=old, whats_new="x")
    new.whats_new = " "
    with pytest.raises(ValidationError) as excinfo:
        new.full_clean()
    assert "whats_new" in excinfo.value.message_dict


# -- links into the text --------------------------------------------------------------------


def test_every_chapter_and_paragraph_has_a_stable_anchor_and_a_visible_link(client):
    versions()
    page = soup(client, f"{register().url}avtalet-2025/")
    anchors = [el["id"] for el in page.select(".stream [id]")]
    assert anchors[:4] == [
        "avsnitt-syfte",
        "avsnitt-syfte-stycke-1",
        "avsnitt-ansvar",
        "avsnitt-ansvar-stycke-1",
    ]
    for anchor in anchors:
        link = page.select_one(f'a.section-link[href="#{anchor}"]')
        assert link is not None and link.get_text().startswith("Länk till avsnittet"), anchor
    # The table of contents uses the same anchors.
    assert [a["href"] for a in page.select(".toc a")][:2] == ["#avsnitt-syfte", "#avsnitt-ansvar"]


def test_anchors_survive_a_chapter_added_before_them():
    _, new = versions()
    ansvar = [p.anchor for p in new.body_blocks if p.text == "Uppföljning"]
    assert ansvar == ["avsnitt-uppfoljning"]  # the same in the old version, whatever comes first


# -- API, CSV export and digest -------------------------------------------------------------


def test_api_and_csv_include_consultation_and_decision_progress(client):
    proposal()
    agreement = AgreementFactory(needs_party_decisions=True, slug="med-beslut")
    decide(agreement, REGION)
    data = client.get(f"{register().url}api/", {"status": "alla"}).json()
    rows = {r["slug"]: r for r in data["results"]}
    assert rows["forslag-hemgang"]["status"] == {"code": "remiss", "label": "På remiss"}
    assert rows["forslag-hemgang"]["consultation"]["deadline"] == days(30).isoformat()
    assert rows["med-beslut"]["decision_progress"] == {
        "decided": 1,
        "parties": 50,
        "text": "1 av 50 parter har beslutat",
    }
    detail = client.get(f"{register().url}api/med-beslut/").json()
    assert detail["decisions"][0]["party"] == REGION

    response = client.get(f"{register().url}export.csv", {"status": "alla"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    records = {r["Kortadress"]: r for r in reader}
    assert records["forslag-hemgang"]["Status"] == "På remiss"
    assert records["forslag-hemgang"]["Sista dag för remissvar"] == days(30).isoformat()
    assert records["med-beslut"]["Partsbeslut"] == "1 av 50 parter har beslutat"


def test_the_digest_quotes_whats_new(mailoutbox):
    from django.utils import timezone

    from subscriptions.models import Subscriber
    from subscriptions.tasks import send_digest

    since = timezone.now() - datetime.timedelta(hours=1)
    versions()
    subscriber = Subscriber.objects.create(
        email="lasare@example.org", confirmed_at=since, agreements=True
    )
    send_digest.enqueue(subscriber.pk, timezone.now().isoformat())
    body = mailoutbox[0].body
    new_version = body[body.index("- Avtalet 2025") :]
    assert new_version.splitlines()[1].strip() == (
        "Vad är nytt: Ett kapitel om hjälpmedel och tätare uppföljning."
    )


# -- query budgets ----------------------------------------------------------------------------

QUERY_BUDGET = 12  # as every public page (tests/test_agreement_queries.py)


def test_new_pages_run_a_bounded_number_of_queries(render_queries):
    """The decision table of 50 parties, the list of proposals and the comparison cost a
    fixed number of queries, however many decisions and proposals there are."""
    agreement = AgreementFactory(needs_party_decisions=True, slug="med-beslut")
    decide(agreement, REGION)
    for municipality in Municipality.objects.all()[:30]:
        decide(agreement, municipality.name)
    for n in range(15):
        proposal(slug=f"forslag-{n}", title=f"Förslag {n}")
    versions()
    url = register().url
    page = BeautifulSoup(render_queries(f"{url}med-beslut/", QUERY_BUDGET).content, "html.parser")
    assert "31 av 50 parter har beslutat" in text(page)
    render_queries(f"{url}remisser/", QUERY_BUDGET)
    render_queries(f"{url}avtalet-2025/jamfor/", QUERY_BUDGET)
    render_queries(url, QUERY_BUDGET, status="remiss")
