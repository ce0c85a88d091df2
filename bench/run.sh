#!/usr/bin/env bash
# One command for the benchmark (docs/performance.md): bench/run.sh
#   bench/run.sh --large   demo site against the large site, with growth factors (bench/large.py)
# Needs PostgreSQL and Redis running locally and wrk (installed from Debian if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--large" ]; then
    shift
    exec uv run python bench/large.py "$@"
fi
if ! command -v wrk >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get install -y -qq wrk >/dev/null
fi
exec uv run python bench/benchmark.py "$@"
