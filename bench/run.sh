#!/usr/bin/env bash
# One command for the benchmark (docs/performance.md): bench/run.sh
# Needs PostgreSQL and Redis running locally and wrk (installed from Debian if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get install -y -qq wrk >/dev/null
fi
exec uv run python bench/benchmark.py "$@"
