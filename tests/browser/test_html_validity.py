"""Every public page type is valid HTML: the Nu HTML Checker (the npm package ``vnu-jar``,
installed from package.json by ``npm ci``, run with Debian's ``default-jre-headless``)
reports no error on any page in ``targets.PAGES`` nor on the server-error page.

The pages are fetched from the live server as a visitor gets them (pages that show form
errors are saved after the form was sent) and checked in one run of the checker.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from .targets import PAGES

VNU_JAR = Path(
    os.environ.get("VNU_JAR", settings.BASE_DIR / "node_modules/vnu-jar/build/dist/vnu.jar")
)


def checker():
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail(
            "The Nu HTML Checker needs Java and vnu.jar: `apt-get install -y "
            "default-jre-headless` and `npm ci --ignore-scripts` (.ci/run does both), or set "
            f"VNU_JAR. Looked for {VNU_JAR}.",
            pytrace=False,
        )
    return [java, "-Xss2m", "-jar", str(VNU_JAR)]


# A page with a known fault, checked with the others: proves the checker really read the
# files (it reports nothing at all for a path it cannot read).
CANARY = '<!DOCTYPE html><html lang="sv"><title>x</title><time datetime="1 maj">x</time>'


def test_every_page_type_is_valid_html(visit, tmp_path):
    command = checker()
    files = {}
    for target in PAGES:
        page = visit(target.url(), status=target.status)
        if target.prepare:
            target.prepare(page)
            html = page.content()
        else:
            html = page.context.request.get(target.url()).text()
        path = tmp_path / f"{target.name}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = target.name
    (tmp_path / "canary.html").write_text(CANARY, encoding="utf-8")
    paths = [str(tmp_path / name) for name in [*files, "canary.html"]]
    result = subprocess.run(  # noqa: S603 (our own command line, no shell)
        [*command, "--errors-only", "--format", "json", "--exit-zero-always", *paths],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    by_page = {}
    for message in messages:
        if message.get("type") in ("error", "non-document-error"):
            name = Path(message.get("url", "")).name
            by_page.setdefault(name, []).append(message)
    assert by_page.pop("canary.html", None), "the checker did not report the canary's fault"
    errors = [
        f"{files.get(name, name)}:{m.get('lastLine')}: {m['message']} "
        f"[{m.get('extract', '').strip()[:120]}]"
        for name, page_messages in by_page.items()
        for m in page_messages
    ]
    assert len(files) == len(PAGES)
    assert not errors, "The Nu HTML Checker found errors:\n" + "\n".join(errors)
