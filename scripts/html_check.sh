#!/usr/bin/env bash
# The Nu HTML Checker over every public page type of the demo site: installs what it needs
# (Java from Debian, vnu.jar from npm through package.json) and runs
# tests/browser/test_html_validity.py, which fetches each page type from a live server and
# fails on any error the checker reports. DATABASE_URL as for the tests (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! command -v java >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless
fi
# --ignore-scripts: vnu-jar's install script would download a Java of its own.
[ -f node_modules/vnu-jar/build/dist/vnu.jar ] || npm ci --ignore-scripts --no-audit --no-fund
export UV_PYTHON_DOWNLOADS=never
exec uv run pytest -n 0 tests/browser/test_html_validity.py "$@"
