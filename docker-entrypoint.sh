#!/bin/sh
# One image, every process of the site (see docs/deployment.md):
#
#   web                    gunicorn under production settings (default; WEB_CONCURRENCY workers)
#   worker                 the background task workers (django-tasks-db's db_worker, one per
#                          queue), started again by themselves if they stop
#   migrate                apply database migrations
#   release                migrate, repair groups and permissions (setup_site), check the
#                          accessibility of documents not yet checked, rebuild the search
#                          index: run once per deploy, before the new web containers
#   manage <command> ...   any manage.py command, e.g. `manage publish_scheduled`
#   healthcheck            the image's HEALTHCHECK: /healthz for web, nothing to probe otherwise
#   anything else          run as given, e.g. `sh` or `python manage.py shell`
set -eu

ROLE_FILE=/tmp/vardsamverkan-role

case "${1:-web}" in
    web)
        [ "$#" -gt 0 ] && shift
        echo web > "$ROLE_FILE"
        exec gunicorn vardsamverkan.wsgi --config gunicorn.conf.py "$@"
        ;;
    worker)
        # One db_worker per queue (WORKER_QUEUES: "default" for e-mails and indexing,
        # "dokument" for reading uploaded documents), so an e-mail never waits behind a
        # large document. Each starts through `manage.py run_worker`, which first queues
        # again (or marks failed) the tasks a killed worker left running. db_worker exits
        # when the database goes away (a restart, a failover): it is started again after a
        # pause; queued tasks live in the database, so none is lost meanwhile. A TERM or
        # INT (the container being stopped) is passed on, and each worker finishes its task.
        shift
        echo worker > "$ROLE_FILE"
        supervise() {
            queue=$1
            shift
            child=""
            trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child"; fi; exit 0' TERM INT
            while :; do
                python manage.py run_worker --queue-name "$queue" "$@" &
                child=$!
                status=0
                wait "$child" || status=$?
                child=""
                [ "$status" -eq 0 ] && exit 0
                echo "db_worker ($queue) stopped (exit status $status): starting it again in ${WORKER_RESTART_DELAY:-5} s" >&2
                sleep "${WORKER_RESTART_DELAY:-5}" &
                wait $!
            done
        }
        supervisors=""
        for queue in ${WORKER_QUEUES:-default dokument}; do
            supervise "$queue" "$@" &
            supervisors="$supervisors $!"
        done
        # shellcheck disable=SC2086
        trap 'kill -TERM $supervisors 2>/dev/null; wait; exit 0' TERM INT
        wait
        ;;
    migrate)
        shift
        exec python manage.py migrate --noinput "$@"
        ;;
    release)
        python manage.py migrate --noinput
        python manage.py setup_site
        python manage.py check_documents
        exec python manage.py wagtail_update_index
        ;;
    manage)
        shift
        exec python manage.py "$@"
        ;;
    healthcheck)
        if [ "$(cat "$ROLE_FILE" 2>/dev/null)" != web ]; then
            exit 0
        fi
        exec python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"
        ;;
    *)
        exec "$@"
        ;;
esac
