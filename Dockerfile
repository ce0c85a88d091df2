# Production image: every process of the site under production settings (docs/deployment.md).
# Build:  docker build -t vardsamverkan .
# Run:    docker run -e SECRET_KEY=... -e DATABASE_URL=... -e ALLOWED_HOSTS=... -p 8000:8000 vardsamverkan
#         (web, the default) · ... vardsamverkan worker · ... vardsamverkan migrate
#         · ... vardsamverkan manage publish_scheduled (see docker-entrypoint.sh)
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_SYSTEM_CERTS=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH=/app/.venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=vardsamverkan.settings.production \
    MEDIA_ROOT=/app/media \
    PORT=8000

# WeasyPrint (the accessible PDFs, core/documents.py) draws text with Pango; the PDFs use
# Debian's DejaVu fonts, so nothing is fetched when a PDF is made.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir "uv==0.13.9" \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first (cached layer), exactly as locked, without the dev tools.
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project --python python3

COPY . .

# Static files are collected and compressed at build time; the secret is a throw-away
# value used only for this step and never baked into the running configuration.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown -R app:app /app/media \
    && chmod 0755 /app/docker-entrypoint.sh

USER app
EXPOSE 8000
# /healthz for the web process; the worker and one-off commands have nothing to probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD ["/app/docker-entrypoint.sh", "healthcheck"]

ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["web"]
