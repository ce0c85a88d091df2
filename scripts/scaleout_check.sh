#!/usr/bin/env bash
# Scale-out check (issue 27): two web processes on different ports share one PostgreSQL,
# one Redis and one S3-compatible object store (moto in server mode, a development
# dependency), and behave as one site:
#
#   scripts/scaleout_check.sh
#
# A document uploaded through the first is served by the second (from the bucket, nothing
# on local disk), and a page published through the first's admin shows on the second's next
# request once CONTENT_VERSION_SECONDS have passed (it had the old page in its page cache).
# Variables: DB_NAME (default vs_scaleout), WEB_PORT and WEB_PORT_B (8142, 8143),
# REDIS_PORT (6391), S3_PORT (5015). Exit status 0 only if every check passed.
set -euo pipefail

DB_NAME=${DB_NAME:-vs_scaleout}
WEB_PORT=${WEB_PORT:-8142}
WEB_PORT_B=${WEB_PORT_B:-8143}
REDIS_PORT=${REDIS_PORT:-6391}
S3_PORT=${S3_PORT:-5015}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-1}
export WEB_START_TRIES=${WEB_START_TRIES:-900}  # a busy machine may need minutes

# shellcheck source=lib/throwaway_site.sh
source "$(dirname "$0")/lib/throwaway_site.sh"
throwaway_init
export CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$WEB_PORT,http://127.0.0.1:$WEB_PORT_B"

# Object storage: uploads of both processes (and of setup_site) go to one bucket.
export AWS_STORAGE_BUCKET_NAME=vardsamverkan-media AWS_S3_REGION_NAME=us-east-1
export AWS_S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
export AWS_ACCESS_KEY_ID=scaleout-check AWS_SECRET_ACCESS_KEY=scaleout-check
"$VENV/moto_server" -H 127.0.0.1 -p "$S3_PORT" >"$WORK/moto.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 100); do curl -fsS "$AWS_S3_ENDPOINT_URL" >/dev/null 2>&1 && break; sleep 0.2; done
"$VENV/python" -c "import boto3, os; boto3.client('s3', endpoint_url=os.environ['AWS_S3_ENDPOINT_URL']).create_bucket(Bucket=os.environ['AWS_STORAGE_BUCKET_NAME'])"
log "S3-compatible object store (moto) on port $S3_PORT, bucket $AWS_STORAGE_BUCKET_NAME"

start_redis
throwaway_build_site
USER_NAME=skalning PASSWORD=$("$VENV/python" -c 'import secrets; print(secrets.token_urlsafe(16))')
DJANGO_SUPERUSER_PASSWORD=$PASSWORD DJANGO_SETTINGS_MODULE=vardsamverkan.settings.production \
    "$VENV/python" manage.py createsuperuser --noinput --username "$USER_NAME" \
    --email skalning@example.org >/dev/null

start_web || { tail -n 30 "$WORK/gunicorn.log"; exit 1; }
# The second process: same settings and services, another port.
PORT=$WEB_PORT_B "${ENTRYPOINT[@]}" web --pid "$WORK/gunicorn-b.pid" >"$WORK/gunicorn-b.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq "$WEB_START_TRIES"); do
    curl -fsS "http://127.0.0.1:$WEB_PORT_B/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "http://127.0.0.1:$WEB_PORT_B/healthz" >/dev/null || { tail -n 30 "$WORK/gunicorn-b.log"; exit 1; }
log "second gunicorn on port $WEB_PORT_B (master pid $(cat "$WORK/gunicorn-b.pid"))"

"$VENV/python" "$ROOT/scripts/lib/scaleout.py" "http://127.0.0.1:$WEB_PORT" \
    "http://127.0.0.1:$WEB_PORT_B" "$USER_NAME" "$PASSWORD"
kill "$(cat "$WORK/gunicorn-b.pid")" 2>/dev/null || true
