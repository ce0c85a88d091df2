"""The site on a phone (375 px) and the small accessibility faults a browser shows: the
menu is a disclosure that opens and closes by keyboard, the register shows its first
agreement on the first screen with the filters behind "Filtrera", the home page has one
search box, the current-section marker survives forced colours, news cards fit at 320 px
with increased text spacing, table boxes are tab stops only when they scroll, and the
survey's reveal checkbox says whether its field is shown."""

import pytest

from .targets import PAGES_BY_NAME, subregion

PHONE = {"width": 375, "height": 667}

FOCUSED = "() => ({tag: document.activeElement.tagName.toLowerCase(),"
FOCUSED += " text: document.activeElement.innerText.trim()})"


def menu_links_visible(page):
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('nav.main-nav li a'))"
        ".map(a => a.checkVisibility())"
    )


def tab_to(page, tag, text, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUSED)
        if info["tag"] == tag and info["text"].startswith(text):
            return
    raise AssertionError(f"Tab never reached <{tag}> {text!r}")


def test_menu_opens_and_closes_by_keyboard_on_a_phone(visit):
    page = visit("/", **PHONE)
    toggle = page.get_by_role("navigation", name="Huvudmeny").locator("summary")
    assert toggle.inner_text().strip() == "Meny" and toggle.is_visible()
    assert not any(menu_links_visible(page)), "the menu starts closed on a phone"
    assert toggle.bounding_box()["height"] >= 44

    tab_to(page, "summary", "Meny")
    page.keyboard.press("Enter")
    assert all(menu_links_visible(page)), "Enter opens the menu"
    assert page.evaluate("() => document.querySelector('[data-menu]').open")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["tag"] == "a", "Tab goes on into the menu's links"
    page.keyboard.press("Escape")
    assert not any(menu_links_visible(page)), "Escape closes the menu"
    assert page.evaluate(FOCUSED) == {"tag": "summary", "text": "Meny"}

    page.keyboard.press("Space")
    assert all(menu_links_visible(page)), "Space opens it again"
    page.keyboard.press("Enter")
    assert not any(menu_links_visible(page)), "and Enter closes it"


def test_menu_is_a_plain_list_on_a_wide_screen(visit):
    page = visit("/", width=1280)
    assert not page.locator("nav.main-nav summary").is_visible()
    assert all(menu_links_visible(page))


def test_menu_works_without_javascript(browser, site_server):
    context = browser.new_context(
        base_url=site_server.url, viewport=PHONE, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/")
        assert not any(menu_links_visible(page))
        page.locator("nav.main-nav summary").click()
        assert all(menu_links_visible(page))
    finally:
        context.close()


def test_register_shows_the_first_agreement_on_a_phones_first_screen(visit):
    page = visit(PAGES_BY_NAME["register"].url(), **PHONE)
    first = page.locator(".agreement-item__title a").first
    box = first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], f"first agreement at {box}"
    heading = page.locator("#register-results-heading").bounding_box()
    assert heading["y"] < box["y"], "the count comes before the results"
    # The filters wait behind "Filtrera".
    search_field = page.locator(".register-filters input[name=q]")
    assert not search_field.is_visible()
    page.get_by_text("Filtrera", exact=True).click()
    assert search_field.is_visible()


def test_register_filters_are_always_open_on_a_wide_screen(visit):
    page = visit(PAGES_BY_NAME["register"].url(), width=1280)
    assert page.locator(".register-filters input[name=q]").is_visible()
    assert not page.get_by_text("Filtrera", exact=True).is_visible()


def test_home_page_has_one_search_box_on_a_phone(visit):
    page = visit("/", **PHONE)
    visible = [box.is_visible() for box in page.locator("input[type=search]").all()]
    assert visible.count(True) == 1


def test_current_section_marker_survives_forced_colours(visit):
    section = subregion()
    page = visit(section.url, width=1280)
    page.emulate_media(forced_colors="active")
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector("
        "'nav.main-nav a[aria-current]')); return [s.borderBottomStyle, s.borderBottomWidth]; }"
    )
    assert style[0] == "solid" and float(style[1].rstrip("px")) >= 3


TEXT_SPACING = """() => {
    // WCAG 1.4.12 through the CSSOM (the strict CSP forbids injected style sheets).
    for (const el of document.querySelectorAll('body *')) {
        el.style.lineHeight = '1.5';
        el.style.letterSpacing = '0.12em';
        el.style.wordSpacing = '0.16em';
    }
    for (const p of document.querySelectorAll('p')) { p.style.marginBottom = '2em'; }
    const limit = document.documentElement.clientWidth;
    return {scroll: document.documentElement.scrollWidth, limit,
            cards: Array.from(document.querySelectorAll('.card'))
                .filter(c => c.getBoundingClientRect().right > limit + 1).length};
}"""


@pytest.mark.parametrize("name", ["news-sitewide", "news-section", "home"])
def test_news_cards_fit_at_320_px_with_increased_text_spacing(visit, name):
    page = PAGES_BY_NAME[name].open(visit, width=320)
    result = page.evaluate(TEXT_SPACING)
    assert result["cards"] == 0 and result["scroll"] <= result["limit"], result


SCROLL_BOXES = """() => Array.from(document.querySelectorAll('[data-scroll-region]')).map(el => ({
    scrolls: el.scrollWidth > el.clientWidth + 1, tabindex: el.getAttribute('tabindex')}))"""
SCROLL_BOXES_MARKED = """() => Array.from(document.querySelectorAll('[data-scroll-region]'))
    .every(el => (el.scrollWidth > el.clientWidth + 1) === (el.getAttribute('tabindex') === '0'))"""


@pytest.mark.parametrize("name", ["content-page", "status-report", "group"])
def test_table_boxes_are_tab_stops_only_when_they_scroll(visit, name):
    page = PAGES_BY_NAME[name].open(visit, width=1280)
    boxes = page.evaluate(SCROLL_BOXES)
    assert boxes, "the page has a table box"
    assert all(box["tabindex"] is None for box in boxes if not box["scrolls"]), boxes
    page.set_viewport_size({"width": 320, "height": 900})
    # The page marks its boxes on the resize event, which a busy machine delivers late.
    page.wait_for_function(SCROLL_BOXES_MARKED, timeout=5000)
    for box in page.evaluate(SCROLL_BOXES):
        assert (box["tabindex"] == "0") == box["scrolls"], box


def test_survey_reveal_checkbox_says_whether_its_field_is_shown(visit):
    page = PAGES_BY_NAME["survey"].open(visit)
    toggle = page.locator("[data-reveal-group] input[type=checkbox]").first
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.check()
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.uncheck()
    assert toggle.get_attribute("aria-expanded") == "false"
