"""The organisation chart, the municipality map and the calendar work by keyboard and
print: every box of the chart and every municipality on the map is reached with Tab,
shows its focus and opens its page with Enter; in print the chart and the map are shown
whole and the forms are left out."""

from pages.models import CalendarPage, MunicipalityIndexPage, SectionPage

from .targets import first

FOCUS = """() => {
    const el = document.activeElement;
    return {href: el.getAttribute('href'), text: el.textContent.trim(),
            inMap: !!el.closest('svg.municipality-map__svg'),
            inChart: !!el.closest('.org-chart')};
}"""

VISIBLE = """(selector) => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const box = el.getBoundingClientRect();
    return getComputedStyle(el).display !== 'none' && box.width > 0 && box.height > 0;
}"""


def tab_until(page, matches, limit=250):
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS)
        if matches(info):
            return info
    raise AssertionError("Tab never reached the element")


def test_a_municipality_on_the_map_is_opened_by_keyboard(visit):
    index = first(MunicipalityIndexPage.objects.all())
    page = visit(index.url)
    info = tab_until(page, lambda info: info["inMap"] and info["text"] == "Borås")
    assert info["href"] == f"{index.url}boras/"
    # The focused tile is marked: its box takes the focus colour.
    fill = page.evaluate(
        "() => getComputedStyle(document.activeElement.querySelector('rect')).fill"
    )
    assert fill == "rgb(255, 191, 71)", fill
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{index.url}boras/")
    assert page.locator("h1").inner_text() == "Borås"


def test_choose_your_municipality_by_keyboard_from_the_home_page(visit):
    page = visit("/")
    page.locator("#valj-kommun").focus()
    page.keyboard.type("Lerum")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/lerum/")
    assert page.locator("h1").inner_text() == "Lerum"


def test_every_box_of_the_chart_is_a_link_reached_by_keyboard(visit):
    county = first(SectionPage.objects.filter(level="county"))
    page = visit(county.url)
    boxes = page.locator(".org-chart .org-box")
    assert boxes.count() > 7
    hrefs = [boxes.nth(i).get_attribute("href") for i in range(boxes.count())]
    target = hrefs[-1]
    info = tab_until(page, lambda info: info["inChart"] and info["href"] == target)
    assert info["href"] == target
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")


def test_chart_map_and_calendar_print_without_their_forms(visit):
    county = first(SectionPage.objects.filter(level="county"))
    page = visit(county.url)
    page.emulate_media(media="print")
    assert page.evaluate(VISIBLE, ".org-chart")
    assert page.evaluate(VISIBLE, "svg.municipality-map__svg")
    width = page.evaluate(
        "() => document.querySelector('svg.municipality-map__svg').getBoundingClientRect().width"
    )
    assert width <= page.viewport_size["width"], "the map fits the printed page"
    calendar = first(CalendarPage.objects.all())
    page = visit(calendar.url)
    page.emulate_media(media="print")
    assert page.evaluate(VISIBLE, ".calendar-filter") is False
    index = first(MunicipalityIndexPage.objects.all())
    page = visit(index.url)
    page.emulate_media(media="print")
    assert page.evaluate(VISIBLE, ".choose-municipality") is False
    assert page.evaluate(VISIBLE, "svg.municipality-map__svg")
