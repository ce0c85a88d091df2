#!/usr/bin/env bash
# Backup and restore, tested (issue 10): back up the database (pg_dump, custom format) and
# the media files (tar) of a demo site, restore both into an EMPTY database and an empty
# media directory, and show that the restored copy serves the same site under production
# settings: same rows, pages answer, search finds, documents download byte for byte.
#
#   scripts/backup_restore_check.sh
#
# The procedure is the one docs/deployment.md describes; this script is its proof.
# Environment: DB_NAME (vs_h10_backup), RESTORE_DB (vs_h10_restore), WEB_PORT (8142), PG_URL.
set -euo pipefail

DB_NAME=${DB_NAME:-vs_h10_backup}
RESTORE_DB=${RESTORE_DB:-vs_h10_restore}
WEB_PORT=${WEB_PORT:-8142}
REDIS_PORT=""  # not needed here: the process-local cache is enough for a check

# shellcheck source=lib/throwaway_site.sh
source "$(dirname "$0")/lib/throwaway_site.sh"
throwaway_init
throwaway_build_site
SOURCE_URL="$DATABASE_URL"
SOURCE_MEDIA="$MEDIA_ROOT"
BACKUP="$WORK/backup"
mkdir -p "$BACKUP"

cleanup_restore() { psql_admin -c "DROP DATABASE IF EXISTS $RESTORE_DB WITH (FORCE)" >/dev/null 2>&1 || true; }
trap 'cleanup_restore; throwaway_cleanup' EXIT

seconds() { python3 -c "import time; print(f'{time.time() - $1:.1f}')"; }

# Row counts that say "the same site": content, people's data, files, the search index.
COUNTS_SQL="SELECT 'pages', count(*) FROM wagtailcore_page
  UNION ALL SELECT 'revisions', count(*) FROM wagtailcore_revision
  UNION ALL SELECT 'agreements', count(*) FROM agreements_agreement
  UNION ALL SELECT 'documents', count(*) FROM wagtaildocs_document
  UNION ALL SELECT 'search index entries', count(*) FROM wagtailsearch_indexentry
  UNION ALL SELECT 'survey answers', count(*) FROM wagtailforms_formsubmission
  UNION ALL SELECT 'subscribers', count(*) FROM subscriptions_subscriber
  UNION ALL SELECT 'users', count(*) FROM auth_user
  UNION ALL SELECT 'applied migrations', count(*) FROM django_migrations"
counts() { psql "$1" -qAt -F ': ' -c "$COUNTS_SQL"; }

log "adding what visitors leave behind: a survey answer and a subscriber"
env DJANGO_SETTINGS_MODULE=vardsamverkan.settings.production "$VENV/python" manage.py shell -v 0 -c '
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from pages.models import SurveyPage
from subscriptions.models import Subscriber
FormSubmission.objects.create(page=SurveyPage.objects.get(), form_data={"samtycke": True})
Subscriber.objects.create(email="backup.test@example.org", confirmed_at=timezone.now())
'

log "backing up database $DB_NAME (pg_dump --format=custom)"
start=$(date +%s.%N)
pg_dump --format=custom --no-owner --no-privileges --file "$BACKUP/database.dump" "$SOURCE_URL"
DUMP_SECONDS=$(seconds "$start")
log "backing up media ($SOURCE_MEDIA, tar)"
start=$(date +%s.%N)
tar -C "$SOURCE_MEDIA" -czf "$BACKUP/media.tar.gz" .
TAR_SECONDS=$(seconds "$start")
(cd "$BACKUP" && sha256sum database.dump media.tar.gz >SHA256SUMS)

log "restoring into the empty database $RESTORE_DB"
cleanup_restore
psql_admin -c "CREATE DATABASE $RESTORE_DB"
export DATABASE_URL="$PG_URL/$RESTORE_DB"
[ "$(psql "$DATABASE_URL" -qAt -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 0 ]
start=$(date +%s.%N)
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" \
    "$BACKUP/database.dump"
RESTORE_SECONDS=$(seconds "$start")
log "restoring media into an empty directory"
export MEDIA_ROOT="$WORK/restored-media"
mkdir -p "$MEDIA_ROOT"
(cd "$BACKUP" && sha256sum --check --quiet SHA256SUMS)
tar -C "$MEDIA_ROOT" -xzf "$BACKUP/media.tar.gz"

FAILED=0
fail() { log "FAILED: $*"; FAILED=1; }

log "comparing row counts"
counts "$SOURCE_URL" >"$WORK/counts.before"
counts "$DATABASE_URL" >"$WORK/counts.after"
paste -d '|' "$WORK/counts.before" "$WORK/counts.after" | sed 's/|/   restored: /;s/^/  /'
cmp -s "$WORK/counts.before" "$WORK/counts.after" || fail "row counts differ"
EXTENSIONS=$(psql "$DATABASE_URL" -qAt -c "SELECT string_agg(extname, ', ' ORDER BY extname) FROM pg_extension")
log "extensions in the restored database: $EXTENSIONS"
PRODUCTION=(env "DJANGO_SETTINGS_MODULE=vardsamverkan.settings.production")
"${PRODUCTION[@]}" "$VENV/python" manage.py migrate --check >/dev/null \
    || fail "the restored database has unapplied migrations"

log "serving the restored copy"
start_web
BASE="http://127.0.0.1:$WEB_PORT"
for path in / /avtal/ /fyrbodal/ /nyheter/ /lansniva/kommun-fvm/ "/sok/?q=sip" /sitemap.xml; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
    printf '  %s %s\n' "$status" "$path"
    [ "$status" = 200 ] || fail "$path answered $status"
done
HITS=$(curl -s "$BASE/sok/?q=samordnad+individuell+plan" | grep -c 'class="search-result__title' || true)
log "search on the restored copy: $HITS hits for \"samordnad individuell plan\""
[ "$HITS" -gt 0 ] || fail "the restored search index finds nothing"

# Every document, downloaded through the site, is the file that was backed up.
"${PRODUCTION[@]}" "$VENV/python" manage.py shell -v 0 -c '
from wagtail.documents import get_document_model
for document in get_document_model().objects.order_by("pk"):
    print(document.url, document.file.name)
' >"$WORK/documents.txt"
DOCUMENTS=0
while read -r url name; do
    curl -fsS -o "$WORK/download" "$BASE$url" || { fail "$url does not download"; continue; }
    cmp -s "$WORK/download" "$SOURCE_MEDIA/$name" || fail "$url differs from the original"
    DOCUMENTS=$((DOCUMENTS + 1))
done <"$WORK/documents.txt"
log "$DOCUMENTS documents downloaded from the restored copy, identical to the originals"

DB_SIZE=$(psql_admin -c "SELECT pg_size_pretty(pg_database_size('$DB_NAME'))")
cat <<EOF
FIGURES database $DB_SIZE on disk; dump $(du -h "$BACKUP/database.dump" | cut -f1) in ${DUMP_SECONDS} s; \
media $(du -sh "$SOURCE_MEDIA" | cut -f1) ($(find "$SOURCE_MEDIA" -type f | wc -l) files), \
archive $(du -h "$BACKUP/media.tar.gz" | cut -f1) in ${TAR_SECONDS} s; \
pg_restore into an empty database ${RESTORE_SECONDS} s; $DOCUMENTS documents identical
EOF
[ "$FAILED" -eq 0 ] || exit 1
log "PASSED"
