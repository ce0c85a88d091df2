"""Every page reflows: no horizontal scrolling at 320 CSS px (WCAG 1.4.10, the same as
400 % zoom of a 1280 px window) nor at 1280 px, with the main menu fully on screen, and
text enlarged to 200 % still fits at 640 px (WCAG 1.4.4).

Each page is loaded once and resized, which re-runs the layout and the media queries just
as a fresh load at that width would.
"""

import pytest

from .targets import PAGES, subregion

# What sticks out to the right: the innermost elements only (the table, not its ancestors).
OVERFLOW = """() => {
    const root = document.documentElement;
    const limit = root.clientWidth;
    const wide = Array.from(document.body.querySelectorAll('*')).filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > limit + 1;
    });
    const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
    const describe = el => {
        const id = el.id ? '#' + el.id : '';
        const cls = typeof el.className === 'string' && el.className
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
        const right = Math.round(el.getBoundingClientRect().right);
        return `${el.tagName.toLowerCase()}${id}${cls} (right edge ${right})`;
    };
    return {scrollWidth: root.scrollWidth, clientWidth: limit,
            wide: innermost.slice(0, 8).map(describe)};
}"""

MENU_LINKS = """() => Array.from(document.querySelectorAll('nav.main-nav a')).map(a => {
    const box = a.getBoundingClientRect();
    return {text: a.innerText.trim(), visible: a.checkVisibility(), left: box.left,
            right: box.right, width: box.width, height: box.height};
})"""

TEXT_SIZE = """() => parseFloat(
    getComputedStyle(document.querySelector('main p, main li')).fontSize
)"""


def horizontal_scroll(page, what):
    """A description of what sticks out if the page scrolls sideways, else None."""
    result = page.evaluate(OVERFLOW)
    if result["scrollWidth"] > result["clientWidth"]:
        return (
            f"{what} scrolls sideways: {result['scrollWidth']} px of content in "
            f"{result['clientWidth']} px; too wide: {result['wide']}"
        )
    return None


def open_menu(page):
    """On a narrow screen the menu sits behind "Meny": open it as a visitor would."""
    toggle = page.locator("nav.main-nav summary")
    is_open = "() => document.querySelector('[data-menu]').open"
    if toggle.is_visible() and not page.evaluate(is_open):
        toggle.click()


def menu_problems(page, width):
    open_menu(page)
    links = page.evaluate(MENU_LINKS)
    if len(links) < 8:
        return [f"at {width} px the main menu has {len(links)} links, expected at least 8"]
    return [
        f"at {width} px menu link {link['text']!r} is not fully on screen or too small: {link}"
        for link in links
        if not (link["visible"] and link["left"] >= 0 and link["right"] <= width)
        or min(link["width"], link["height"]) < 24
    ]


@pytest.mark.parametrize("target", PAGES, ids=str)
def test_page_reflows_at_320_and_1280_px_and_with_200_percent_text(visit, target):
    page = target.open(visit, width=320)
    problems = []
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        problems += filter(None, [horizontal_scroll(page, f"at {width} px")])
        problems += menu_problems(page, width)

    page.set_viewport_size({"width": 640, "height": 900})
    normal = page.evaluate(TEXT_SIZE)
    # Text-only zoom: the root font size doubles and everything set in rem/em follows.
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    zoomed = page.evaluate(TEXT_SIZE)
    if zoomed < 1.95 * normal:
        problems.append(f"text did not grow to 200 % ({normal} -> {zoomed} px)")
    problems += filter(None, [horizontal_scroll(page, "with 200 % text at 640 px")])
    heading = page.locator("h1").bounding_box()
    if heading["x"] < 0 or heading["x"] + heading["width"] > 640:
        problems.append(f"with 200 % text at 640 px the h1 does not fit: {heading}")

    assert not problems, f"{target.name} ({page.url}):\n" + "\n".join(problems)


def test_main_menu_works_on_a_narrow_screen(visit):
    section = subregion()
    page = visit("/", width=320)
    menu = page.get_by_role("navigation", name="Huvudmeny")
    menu.get_by_text("Meny", exact=True).click()
    menu.get_by_role("link", name=section.short_name, exact=True).click()
    page.wait_for_url(f"**{section.url}")
    assert page.locator("h1").inner_text() == section.title
