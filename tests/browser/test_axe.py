"""axe-core finds no WCAG 2.0/2.1 A or AA violations and no best-practice violations on
any public page type (DOS law 2018:1937 requires WCAG 2.1 AA)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.template.loader import render_to_string

from .targets import PAGES

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
axe = Axe()


def describe(violations):
    """One line per violation (id, impact, help) and one per failing element."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            selector = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {selector}\n        {summary}")
    return "\n".join(lines)


def run_axe(page):
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return axe.run(page, options=options).response["violations"]


@pytest.mark.parametrize("target", PAGES, ids=str)
def test_page_has_no_axe_violations(visit, target):
    page = target.open(visit)
    violations = run_axe(page)
    assert not violations, f"{target.name} ({page.url}):\n{describe(violations)}"


def test_server_error_page_has_no_axe_violations_and_reflows(visit):
    """500.html has no URL of its own: it is put in place of a 404 page of the live server,
    so its stylesheet loads from there under the same Content-Security-Policy."""
    page = visit("/finns-inte-alls/", width=320, status=404)
    page.set_content(render_to_string("500.html"))
    assert page.locator("h1").inner_text() == "Något gick fel"
    header = page.evaluate("() => getComputedStyle(document.querySelector('header')).background")
    assert "rgb(0, 69, 124)" in header, "the site's stylesheet applies to the error page"
    violations = run_axe(page)
    assert not violations, f"500.html:\n{describe(violations)}"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, "500.html scrolls sideways at 320 px"
