"""Screenshots of the main page types at a phone's and a desktop's width, for a person to
look at: test-artifacts/screenshots/<page>-<width>.png (ignored by git)."""

import pytest

from .targets import PAGES_BY_NAME, SCREENSHOT_DIR, SCREENSHOT_WIDTHS, SCREENSHOTS


@pytest.mark.parametrize("name", SCREENSHOTS)
def test_screenshots(visit, name):
    page = PAGES_BY_NAME[name].open(visit)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for width in SCREENSHOT_WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        path = SCREENSHOT_DIR / f"{name}-{width}.png"
        page.screenshot(path=path, full_page=True)
        assert path.stat().st_size > 1000, path
