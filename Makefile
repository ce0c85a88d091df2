# Two entry points (see README): `make run` serves the demo site, `make test` runs every check.
PORT ?= 8000
PYTHON ?= python3
export UV_PYTHON_DOWNLOADS = never

.PHONY: run test install uv lint

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv

install: uv
	uv sync --frozen --compile-bytecode

run: install
	uv run python manage.py migrate --noinput
	uv run python manage.py setup_site --demo --new-passwords
	@echo "Webbplatsen: http://127.0.0.1:$(PORT)/  Admin: http://127.0.0.1:$(PORT)/admin/"
	uv run python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	uv run ruff check .
	uv run ruff format --check .

test: lint
	uv run pytest
