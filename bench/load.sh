#!/usr/bin/env bash
# Load test (issue 10): 50 concurrent clients for 60 seconds against a mix of public pages,
# on gunicorn under production settings with its own PostgreSQL database and its own Redis.
# Passes only with zero errors: no socket errors and no response outside 2xx/3xx.
#
#   bench/load.sh                  # defaults below; prints the figures
#   bench/load.sh --update-docs    # also writes them into docs/performance.md ("Load test")
#
# Environment: CONNECTIONS (50), DURATION (60s), THREADS (4), WEB_CONCURRENCY (4),
# WEB_PORT (8140), REDIS_PORT (6390), DB_NAME (vs_h10_load), PG_URL. Needs wrk (installed
# from Debian if missing), redis-server and a PostgreSQL server where it may create a database.
set -euo pipefail

CONNECTIONS=${CONNECTIONS:-50}
DURATION=${DURATION:-60s}
THREADS=${THREADS:-4}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-4}
DB_NAME=${DB_NAME:-vs_h10_load}
UPDATE_DOCS=""
[ "${1:-}" = "--update-docs" ] && UPDATE_DOCS=1

# shellcheck source=../scripts/lib/throwaway_site.sh
source "$(dirname "$0")/../scripts/lib/throwaway_site.sh"

if ! command -v wrk >/dev/null; then
    log "installing wrk from Debian"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk
fi

throwaway_init
throwaway_build_site
start_redis
start_web

# The page mix: real URLs of the demo content, looked up rather than assumed.
"$VENV/python" manage.py shell -v 0 -c '
from agreements.models import Agreement, AgreementIndexPage
from pages.models import GroupPage, Municipality, SectionPage
register = AgreementIndexPage.objects.live().get().url
section = SectionPage.objects.live().filter(level="subregional").order_by("path").first()
group = GroupPage.objects.live().order_by("path").first()
agreement = Agreement.objects.filter(live=True).order_by("title").first()
municipality = Municipality.objects.order_by("name").first()
for path in ["/", section.url, f"{register}?kommun={municipality.slug}&sortering=beslutsdatum",
             f"{register}{agreement.slug}/", "/sok/?q=samordnad+individuell+plan", group.url]:
    print(path)
' >"$WORK/paths.txt"

log "checking every page of the mix answers 200"
while read -r path; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$WEB_PORT$path")
    printf '  %s %s\n' "$status" "$path"
    [ "$status" = 200 ] || { echo "unexpected status for $path" >&2; exit 1; }
done <"$WORK/paths.txt"

{
    echo "paths = {"
    sed 's/.*/  "&",/' "$WORK/paths.txt"
    echo "}"
    cat <<'LUA'
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_s=%.1f rps=%.1f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f " ..
    "non_2xx_3xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect, e.read, e.write, e.timeout))
end
LUA
} >"$WORK/mix.lua"

COMMAND="wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 10s --latency -s mix.lua http://127.0.0.1:$WEB_PORT"
log "running: $COMMAND"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$WORK/mix.lua" \
    "http://127.0.0.1:$WEB_PORT" | tee "$WORK/wrk.txt"

RESULT=$(grep '^RESULT ' "$WORK/wrk.txt" | sed 's/^RESULT //')
declare -A R
for pair in $RESULT; do R[${pair%%=*}]=${pair#*=}; done
ERRORS=$((R[non_2xx_3xx] + R[connect] + R[read] + R[write] + R[timeout]))
SERVER_ERRORS=$(grep -c '" 5[0-9][0-9] ' "$WORK/gunicorn.log" || true)
CPU=$(nproc)
log "requests ${R[requests]} in ${R[duration_s]} s = ${R[rps]}/s; latency p50 ${R[p50_ms]} ms," \
    "p90 ${R[p90_ms]} ms, p99 ${R[p99_ms]} ms, max ${R[max_ms]} ms"
log "errors: ${R[non_2xx_3xx]} non-2xx/3xx, sockets connect ${R[connect]} read ${R[read]}" \
    "write ${R[write]} timeout ${R[timeout]}; 5xx in gunicorn's access log: $SERVER_ERRORS"

if [ -n "$UPDATE_DOCS" ]; then
    DOC="$ROOT/docs/performance.md"
    BEGIN="<!-- load-test-figures:begin -->"
    END="<!-- load-test-figures:end -->"
    if grep -q "$BEGIN" "$DOC" 2>/dev/null; then
        {
            echo "$BEGIN"
            echo "Last run $(date +%Y-%m-%d) on $CPU CPU cores, $THREADS wrk threads, gunicorn with"
            echo "$WEB_CONCURRENCY sync workers, Redis cache, PostgreSQL $(psql_admin -c 'SHOW server_version' | cut -d' ' -f1):"
            echo
            echo "| figure | value |"
            echo "|---|---|"
            echo "| requests in ${R[duration_s]} s | ${R[requests]} (${R[rps]} per second) |"
            echo "| latency p50 / p90 / p99 / max | ${R[p50_ms]} / ${R[p90_ms]} / ${R[p99_ms]} / ${R[max_ms]} ms |"
            echo "| responses outside 2xx/3xx | ${R[non_2xx_3xx]} |"
            echo "| socket errors (connect / read / write / timeout) | ${R[connect]} / ${R[read]} / ${R[write]} / ${R[timeout]} |"
            echo "| 5xx in gunicorn's access log | $SERVER_ERRORS |"
            echo
            echo "Pages in the mix:"
            echo
            sed 's/.*/- `&`/' "$WORK/paths.txt"
            echo "$END"
        } >"$WORK/figures.md"
        python3 - "$DOC" "$WORK/figures.md" "$BEGIN" "$END" <<'PY'
import sys
from pathlib import Path
doc, figures, begin, end = sys.argv[1:]
text = Path(doc).read_text()
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1]
Path(doc).write_text(head + Path(figures).read_text().rstrip("\n") + tail)
PY
        log "figures written to docs/performance.md"
    else
        log "docs/performance.md has no load-test markers: figures not written"
    fi
fi

if [ "$ERRORS" -ne 0 ] || [ "$SERVER_ERRORS" -ne 0 ]; then
    echo "FAILED: $ERRORS client-side errors, $SERVER_ERRORS server errors" >&2
    exit 1
fi
log "PASSED: zero errors"
