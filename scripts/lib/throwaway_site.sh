# Shared by the operational checks (bench/load.sh, scripts/fault_check.sh,
# scripts/backup_restore_check.sh): a throw-away copy of the demo site on its own
# PostgreSQL database and its own Redis, served by gunicorn under *production* settings.
# Source it from bash; every process it starts is stopped by `throwaway_cleanup` (an EXIT
# trap set by `throwaway_init`). Nothing here touches another database or Redis.
#
# Variables (set before sourcing or leave the defaults):
#   PG_URL     server to create the database on   postgres://postgres@127.0.0.1:5432
#   DB_NAME    the throw-away database             (required)
#   WEB_PORT   gunicorn's port                     8140
#   REDIS_PORT a spare port for a private Redis    6390 ("" = no Redis)

PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
WEB_PORT=${WEB_PORT:-8140}
REDIS_PORT=${REDIS_PORT-6390}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VENV="$ROOT/.venv/bin"
PIDS=()

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*"; }

throwaway_init() {
    : "${DB_NAME:?DB_NAME must be set}"
    WORK=$(mktemp -d "/tmp/${DB_NAME}.XXXXXX")
    trap throwaway_cleanup EXIT
    cd "$ROOT"
    [ -x "$VENV/gunicorn" ] || uv sync --frozen
    export DATABASE_URL="$PG_URL/$DB_NAME"
    export SECRET_KEY
    SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
    export MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static"
    export ALLOWED_HOSTS="127.0.0.1,localhost" SITE_URL="http://127.0.0.1:$WEB_PORT"
    export CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$WEB_PORT"
    # Plain HTTP on the loopback: no redirect to HTTPS, cookies without the Secure flag.
    export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
    export EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
    export PORT="$WEB_PORT" LOG_LEVEL=WARNING
    if [ -n "$REDIS_PORT" ]; then
        export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    else
        unset REDIS_URL
    fi
}

psql_admin() { psql "$PG_URL/postgres" -v ON_ERROR_STOP=1 -qAt "$@"; }

# Demo content is built with the dev settings (setup_site --demo refuses production), then
# everything else runs under production settings.
throwaway_build_site() {
    log "creating database $DB_NAME with the demo site"
    psql_admin -c "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME"
    env -u REDIS_URL DJANGO_SETTINGS_MODULE=vardsamverkan.settings.dev "$VENV/python" manage.py \
        migrate --noinput -v 0
    env -u REDIS_URL DJANGO_SETTINGS_MODULE=vardsamverkan.settings.dev "$VENV/python" manage.py \
        setup_site --demo >"$WORK/setup.log"
    env -u REDIS_URL DJANGO_SETTINGS_MODULE=vardsamverkan.settings.dev "$VENV/python" manage.py \
        wagtail_update_index >/dev/null
    log "collecting static files (production storage: hashed and compressed)"
    DJANGO_SETTINGS_MODULE=vardsamverkan.settings.production "$VENV/python" manage.py \
        collectstatic --noinput -v 0
}

start_redis() {
    [ -n "$REDIS_PORT" ] || return 0
    if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        echo "port $REDIS_PORT is taken by another Redis: choose another REDIS_PORT" >&2
        exit 1
    fi
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
        --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    log "redis on port $REDIS_PORT (pid $(cat "$WORK/redis.pid"))"
}

stop_redis() {
    [ -f "$WORK/redis.pid" ] || return 0
    local pid
    pid=$(cat "$WORK/redis.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$WORK/redis.pid"
}

# The processes start through the image's entry point, as in production.
ENTRYPOINT=(env "PATH=$VENV:$PATH" DJANGO_SETTINGS_MODULE=vardsamverkan.settings.production
    "$ROOT/docker-entrypoint.sh")

# start_web [gunicorn options...]: gunicorn with the project's gunicorn.conf.py.
start_web() {
    "${ENTRYPOINT[@]}" web --pid "$WORK/gunicorn.pid" "$@" >"$WORK/gunicorn.log" 2>&1 &
    PIDS+=("$!")
    # 0.2 s each; the default is a minute: gunicorn starts slowly on a busy machine.
    for _ in $(seq "${WEB_START_TRIES:-300}"); do
        curl -fsS "http://127.0.0.1:$WEB_PORT/healthz" >/dev/null 2>&1 && break
        sleep 0.2
    done
    curl -fsS "http://127.0.0.1:$WEB_PORT/healthz" >/dev/null
    log "gunicorn on port $WEB_PORT (master pid $(cat "$WORK/gunicorn.pid"), ${WEB_CONCURRENCY:-2} workers)"
}

start_worker() {
    WORKER_RESTART_DELAY=1 "${ENTRYPOINT[@]}" worker --interval 0.5 >"$WORK/worker.log" 2>&1 &
    PIDS+=("$!")
    log "db_worker (pid $!)"
}

throwaway_cleanup() {
    local status=$?
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    if [ -f "$WORK/gunicorn.pid" ]; then kill "$(cat "$WORK/gunicorn.pid")" 2>/dev/null || true; fi
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    stop_redis
    if [ -z "${KEEP_DB:-}" ]; then
        psql_admin -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
