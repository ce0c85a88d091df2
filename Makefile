# Two entry points (see README): `make run` serves the demo site, `make test` runs every check.
# Without DATABASE_URL both run on an embedded PostgreSQL in .pgdata/ (scripts/devdb.py);
# with it (CI, your own server) on that database.
PORT ?= 8000
PYTHON ?= python3
export UV_PYTHON_DOWNLOADS = never
DB = uv run python scripts/devdb.py

.PHONY: run test quick install uv lint

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv

install: uv
	uv sync --frozen --compile-bytecode

# The demo's address: links in the e-mails Wagtail sends (workflow notifications) open it.
# Only for `make run`: the tests keep their own address.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(DB) sh -c 'python manage.py migrate --noinput \
		&& python manage.py setup_site --demo --new-passwords \
		&& echo "Webbplatsen: http://127.0.0.1:$(PORT)/  Admin: http://127.0.0.1:$(PORT)/admin/ (logga in med ett demokonto ovan)" \
		&& exec python manage.py runserver 127.0.0.1:$(PORT)'

lint: install
	uv run ruff check .
	uv run ruff format --check .

# The Nu HTML Checker for tests/browser/test_html_validity.py (vnu.jar from npm; Java from
# Debian's default-jre-headless, which .ci/run installs).
VNU = node_modules/vnu-jar/build/dist/vnu.jar
$(VNU): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# In parallel, one test database per CPU (pytest-xdist); the demo site's tests run as one group.
test: lint $(VNU)
	$(DB) pytest -n auto --dist loadgroup

# The quick subset: no browser, no large site, no subprocesses, no demo site.
quick: install
	$(DB) pytest -n auto --dist loadgroup -m "not browser and not slow"
