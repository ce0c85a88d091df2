#!/usr/bin/env bash
# Fault check under load (issue 22): the load test with Redis stopped for 20 s, and the
# document worker killed in the middle of a task.
#
#   scripts/fault_load_check.sh
#
# Runs the demo site on gunicorn under production settings with its own database
# (DB_NAME, default vs_i22_faultload), its own Redis on a spare port (REDIS_PORT, default
# 6397: never the machine's Redis) and the workers of the image's entry point, then:
#
# 1. load for PHASE seconds (default 20) with Redis up: the baseline;
# 2. load for PHASE seconds with that Redis stopped, publishing a page meanwhile;
# 3. load for PHASE seconds with Redis started again, and the page published during the
#    outage must show;
# 4. a crafted PDF (small on disk, 60 MB of text operators inflated) is uploaded, the
#    document worker is killed with SIGKILL while it reads it, and a subscription is made
#    meanwhile: the confirmation mail must go out at once (its own queue), the killed task
#    must be run again after the entry point restarts the worker, and the document must end
#    as "could not be read".
#
# Prints the throughput of each phase and the task states; exit status 0 only if the
# throughput with Redis stopped is at least half the baseline and every check passed.
# Nothing here stops the machine's Redis or PostgreSQL.
set -euo pipefail

DB_NAME=${DB_NAME:-vs_i22_faultload}
WEB_PORT=${WEB_PORT:-8022}
REDIS_PORT=${REDIS_PORT:-6397}
PHASE=${PHASE:-20}
CONNECTIONS=${CONNECTIONS:-10}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}

# shellcheck source=lib/throwaway_site.sh
source "$(dirname "$0")/lib/throwaway_site.sh"
PROBE=("$VENV/python" "$ROOT/scripts/lib/probe.py")
FAILED=0
fail() { log "FAILED: $*"; FAILED=1; }
shell() { DJANGO_SETTINGS_MODULE=vardsamverkan.settings.production "$VENV/python" manage.py shell -v 0 -c "$1"; }

throwaway_init
trap 'exit 130' INT TERM  # so that the EXIT trap stops every process this script started
throwaway_build_site
start_redis
start_web
start_worker
BASE="http://127.0.0.1:$WEB_PORT"
printf '%s\n' / /avtal/ /fyrbodal/ /nyheter/ "/sok/?q=sip" /skaraborg/ >"$WORK/paths.txt"

# load SECONDS OUT: wrk over the page mix; writes "requests/s non-2xx/3xx socket-errors"
load() {
    wrk -t2 -c"$CONNECTIONS" -d"$1s" --timeout 10s -s "$ROOT/bench/paths.lua" "$BASE" \
        -- "$WORK/paths.txt" >"$2.raw" 2>&1 || true
    awk '/Requests\/sec/ {rps=$2} /Non-2xx or 3xx/ {bad=$NF} /Socket errors/ {err=$0}
         END {printf "%s %s %s\n", rps, bad+0, (err == "" ? "none" : err)}' "$2.raw" >"$2"
}

log "1. baseline: ${PHASE} s of load with Redis up"
load "$PHASE" "$WORK/baseline"
read -r BASELINE_RPS BASELINE_BAD _ <"$WORK/baseline"
printf '%-28s %s req/s, %s responses outside 2xx/3xx\n' "baseline" "$BASELINE_RPS" "$BASELINE_BAD"

log "2. Redis stopped for ${PHASE} s under load; a page is published meanwhile"
load "$PHASE" "$WORK/outage" &
LOAD=$!
sleep 1
stop_redis
sleep 3
TITLE="Publicerad under avbrottet $(date +%s)"
shell "
from pages.models import ContentPage
page = ContentPage.objects.live().public().order_by('path').first()
page.title = '$TITLE'
page.save_revision().publish()
print(page.url)
" >"$WORK/published_url"
wait "$LOAD"
read -r OUTAGE_RPS OUTAGE_BAD _ <"$WORK/outage"
printf '%-28s %s req/s, %s responses outside 2xx/3xx\n' "redis stopped" "$OUTAGE_RPS" "$OUTAGE_BAD"

log "3. Redis started again"
start_redis
load "$PHASE" "$WORK/after"
read -r AFTER_RPS AFTER_BAD _ <"$WORK/after"
printf '%-28s %s req/s, %s responses outside 2xx/3xx\n' "redis back" "$AFTER_RPS" "$AFTER_BAD"
SHARE=$(awk -v a="$OUTAGE_RPS" -v b="$BASELINE_RPS" 'BEGIN {printf "%.0f", 100 * a / b}')
printf '%-28s %s %%\n' "outage throughput share" "$SHARE"
[ "$SHARE" -ge 50 ] || fail "throughput with Redis stopped is below half the baseline"
[ "$OUTAGE_BAD" -eq 0 ] || fail "errors while Redis was stopped"
URL=$(tail -n 1 "$WORK/published_url")
SHOWN=no
for _ in $(seq 20); do
    if curl -fsS "$BASE$URL" | grep -q "$TITLE"; then SHOWN=yes; break; fi
    sleep 0.5
done
printf '%-28s %s (%s)\n' "published during outage" "$SHOWN" "$URL"
[ "$SHOWN" = yes ] || fail "the publication made during the outage does not show"

log "4. the document worker killed in the middle of reading a crafted PDF"
shell "
import io, sys
sys.path.insert(0, 'tests')
from hostile_files import inflating_pdf
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection
pdf = inflating_pdf(60)
get_document_model().objects.create(
    title='Uppblåst testdokument', collection=Collection.get_first_root_node(),
    file=ContentFile(pdf, name='uppblast.pdf'))
print(len(pdf))
" >"$WORK/pdf_size"
printf '%-28s %s bytes on disk\n' "crafted PDF" "$(cat "$WORK/pdf_size")"
task_states() {
    psql "$PG_URL/$DB_NAME" -qAt -F ' ' -c "SELECT queue_name, regexp_replace(task_path, '.*[.]', ''),
        status, jsonb_array_length(worker_ids) FROM django_tasks_database_dbtaskresult
        WHERE task_path NOT LIKE 'wagtail%' ORDER BY enqueued_at"
}
reading_status() {
    psql "$PG_URL/$DB_NAME" -qAt -c "SELECT status FROM django_tasks_database_dbtaskresult
        WHERE task_path = 'search.tasks.extract_document_text' ORDER BY enqueued_at DESC LIMIT 1"
}
for _ in $(seq 120); do [ "$(reading_status)" = RUNNING ] && break; sleep 0.5; done
printf '%-28s %s\n' "reading task" "$(reading_status)"
"${PROBE[@]}" subscribe "$BASE" under.lasning@example.org >/dev/null
SUBSCRIBED=$(date +%s.%N)
sleep 1
VICTIM=$(pgrep -f "run_worker --queue-name dokument" | head -n 1 || true)
if [ -z "$VICTIM" ]; then
    fail "no document worker found"
else
    kill -9 "$VICTIM"
    log "killed the document worker (pid $VICTIM) while its task was $(reading_status)"
fi
MAIL_SECONDS=""
for _ in $(seq 60); do
    if grep -q 'under.lasning@example.org' "$WORK/worker.log"; then
        MAIL_SECONDS=$(awk -v a="$SUBSCRIBED" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
        break
    fi
    sleep 0.5
done
printf '%-28s %s\n' "confirmation mail" "${MAIL_SECONDS:-not sent} s after subscribing"
[ -n "$MAIL_SECONDS" ] || fail "the confirmation mail waited behind the document"
for _ in $(seq 480); do
    case "$(reading_status)" in SUCCESSFUL | FAILED) break ;; esac
    sleep 0.5
done
log "task states (queue, task, status, attempts):"
task_states | sed 's/^/    /'
[ "$(reading_status)" = SUCCESSFUL ] || fail "the killed task was not run again to its end"
DOCUMENT=$(psql "$PG_URL/$DB_NAME" -qAt -c "SELECT status || ': ' || error FROM search_documenttext
    WHERE title = 'Uppblåst testdokument'")
printf '%-28s %s\n' "document" "$DOCUMENT"
case "$DOCUMENT" in fel:*) ;; *) fail "the crafted PDF did not end as 'could not be read'" ;; esac
RESTARTS=$(grep -c 'starting it again' "$WORK/worker.log" || true)
printf '%-28s %s\n' "worker restarts" "$RESTARTS"
SERVER_ERRORS=$(grep -c '" 5[0-9][0-9] ' "$WORK/gunicorn.log" || true)
printf '%-28s %s\n' "5xx in access log" "$SERVER_ERRORS"
[ "$SERVER_ERRORS" -eq 0 ] || fail "server errors"

if [ "$FAILED" -ne 0 ]; then
    cp -r "$WORK" "/tmp/${DB_NAME}-logs" 2>/dev/null || true
    echo "FAILED (logs copied to /tmp/${DB_NAME}-logs)" >&2
    exit 1
fi
log "PASSED"
