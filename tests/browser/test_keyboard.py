"""A keyboard-only visitor can skip to the content, sees where focus is, and can go from
the home page through a section to one of its groups (WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7)."""

import pytest

from pages.models import GroupPage, SurveyPage

from .targets import subregion

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        cls: el.className,
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
        href: el.getAttribute('href'),
        inHeader: !!el.closest('header.site-header'),
        inMain: !!el.closest('main'),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        boxShadow: style.boxShadow,
        visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
            && box.top < innerHeight && box.left < innerWidth,
    };
}"""

# The skip link and everything in the header a keyboard user meets, in the order of the
# page, with how each looks without focus (a link for the current section is underlined
# with a box-shadow, so only a change counts as a focus indicator).
HEADER_FOCUSABLES = """() => Array.from(document.querySelectorAll(
    '.skip-link, header.site-header a[href], header.site-header input, header.site-header button'
)).map(el => ({
    name: el.tagName === 'A' ? el.getAttribute('href') : el.tagName.toLowerCase(),
    boxShadow: getComputedStyle(el).boxShadow,
}))"""


def focused(page):
    return page.evaluate(FOCUSED)


def name_of(info):
    return info["href"] if info["tag"] == "a" else info["tag"]


def tab_until(page, matches, limit=120):
    """Press Tab until ``matches(focused element)`` holds; fail with the path taken."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        path.append(name_of(info) or info["tag"])
        if matches(info):
            return info
    raise AssertionError(f"Tab never reached the element; focus went: {path}")


def test_first_tab_reaches_a_visible_skip_link_that_moves_focus_to_the_content(visit):
    page = visit("/")
    page.keyboard.press("Tab")
    info = focused(page)
    assert info["cls"] == "skip-link" and info["text"] == "Hoppa till innehållet", info
    assert info["visible"], "the skip link must be visible when it has focus"
    assert info["outline"], "the skip link needs a visible focus indicator"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "innehall", "Enter on the skip link moves focus to <main>"
    page.keyboard.press("Tab")
    assert focused(page)["inMain"], "the next Tab continues inside the main content"


def test_tab_order_runs_through_the_header_with_a_visible_focus_indicator(visit):
    page = visit("/")
    resting = page.evaluate(HEADER_FOCUSABLES)
    seen = []
    for element in resting:
        page.keyboard.press("Tab")
        info = focused(page)
        seen.append(name_of(info))
        assert info["visible"], f"focused element is not on screen: {info}"
        indicator = info["outline"] or info["boxShadow"] != element["boxShadow"]
        assert indicator, f"no visible focus indicator: {info}"
    assert seen == [element["name"] for element in resting], "focus follows the page order"
    page.keyboard.press("Tab")
    assert focused(page)["inMain"], "after the main menu, focus goes into the content"


def test_keyboard_journey_from_home_through_a_section_to_a_group(visit):
    section = subregion()
    group = GroupPage.objects.live().child_of(section).order_by("path").first()
    page = visit("/")

    tab_until(page, lambda info: info["href"] == section.url and not info["inMain"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{section.url}")
    assert page.locator("h1").inner_text() == section.title

    # On the section page: skip the header, then Tab through the content to the group.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    info = tab_until(page, lambda info: info["href"] == group.url)
    assert info["inMain"] and info["outline"], "the focused link shows its focus"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{group.url}")
    assert page.locator("h1").inner_text() == group.title


def test_keyboard_journey_from_home_through_the_register_filters_to_an_agreement(visit):
    """The main reason the site exists, without a mouse: filter the register for one
    municipality and open an agreement that applies to it."""
    page = visit("/")
    register = page.locator("nav[aria-label=Huvudmeny] a").first.get_attribute("href")
    tab_until(page, lambda info: info["href"] == register and not info["inMain"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{register}")

    info = tab_until(page, lambda info: info["id"] == "filter-kommun")
    assert info["outline"] or info["boxShadow"] != "none", "the select shows its focus"
    page.keyboard.type("Lerum")  # a focused <select> picks the option typed
    assert page.locator("#filter-kommun").input_value() == "Lerum"
    tab_until(page, lambda info: info["tag"] == "button" and info["text"] == "Visa avtal")
    page.keyboard.press("Enter")
    page.wait_for_url("**kommun=Lerum**")

    first_result = page.locator(".agreement-item__title a").first
    title = first_result.inner_text()
    href = first_result.get_attribute("href")
    info = tab_until(page, lambda info: info["href"] == href and info["inMain"])
    assert info["outline"], "the focused result shows its focus"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").inner_text() == title


@pytest.mark.django_db(transaction=True)  # the answer is saved through the live server
def test_survey_can_be_answered_with_the_keyboard_only(visit):
    survey = SurveyPage.objects.live().first()
    page = visit(survey.url)
    for _ in range(2):  # the two required questions are radio groups
        tab_until(
            page,
            lambda info: (
                info["tag"] == "input"
                and info["inMain"]
                and page.evaluate("() => document.activeElement.type") == "radio"
                and not page.evaluate("() => document.activeElement.checked")
            ),
        )
        page.keyboard.press("Space")
    tab_until(page, lambda info: info["id"] == "id_samtycke")
    page.keyboard.press("Space")
    tab_until(page, lambda info: info["tag"] == "button" and info["text"] == "Skicka svaren")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Tack för dina svar!"


@pytest.mark.django_db(transaction=True)  # the subscriber is saved through the live server
def test_subscription_can_be_made_with_the_keyboard_only(visit):
    page = visit("/prenumerera/")
    tab_until(
        page,
        lambda info: (
            info["tag"] == "input"
            and info["inMain"]
            and page.evaluate("() => document.activeElement.type") == "checkbox"
        ),
    )
    page.keyboard.press("Space")
    tab_until(page, lambda info: info["id"] == "id_epost")
    page.keyboard.type("tangentbord@example.org")
    tab_until(page, lambda info: info["tag"] == "button" and info["text"] == "Prenumerera")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Bekräfta i din e-post"
