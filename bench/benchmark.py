"""Benchmark: requests per second and latency of the main pages, against a static file.

Run with ``bench/run.sh`` (see docs/performance.md). Steps:

1. a fresh PostgreSQL database with the demo site plus generated content (hundreds of pages,
   2,000 agreements), search index built;
2. gunicorn with production settings (2 workers by default), Redis as the cache;
3. for each page, wrk measures
   * *cached*: the same URL again and again (anonymous visitors share the page cache),
   * *uncached*: a new query string on every request, so each one is rendered, measured at
     one connection so the latency is the server's render time rather than queueing;
4. the same for a static file of similar size served by the same server (whitenoise), the
   physical ceiling of this stack; the table gives each page's share of it.

Nothing here is imported by the site; it only drives it from outside.
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PORT = int(os.environ.get("BENCH_PORT", "8150"))
DB = os.environ.get("BENCH_DB", "vardsamverkan_bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
WORKERS = os.environ.get("BENCH_WORKERS", "2")
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "20")
UNIQUE_LUA = ROOT / "bench" / "unique_query.lua"


def run(args, env=None, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def manage(env, *args):
    run([sys.executable, "manage.py", *args], env=env, stdout=subprocess.DEVNULL)


def prepare_database(base_env):
    run(["psql", PG + "/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {DB}"])
    run(["psql", PG + "/postgres", "-q", "-c", f"CREATE DATABASE {DB}"])
    env = {**base_env, "DJANGO_SETTINGS_MODULE": "vardsamverkan.settings.dev"}
    print("Bygger databasen: migrate, demoinnehåll, genererat innehåll, sökindex …")
    manage(env, "migrate", "--noinput")
    manage(env, "setup_site", "--demo")
    manage(env, "generate_bench_data", "--pages-per-section", "50", "--agreements", "2000")
    manage(env, "wagtail_update_index")


def start_server(env):
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = {**env, "STATIC_ROOT": static_root}
    run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "vardsamverkan.wsgi",
            "--config",
            "gunicorn.conf.py",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return server, static_root
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start: " + server.stderr.read().decode()[-2000:])


def wrk(url, connections, duration, unique=False):
    args = [
        "wrk",
        "-t2" if int(connections) > 1 else "-t1",
        f"-c{connections}",
        f"-d{duration}",
        "--latency",
    ]
    if unique:
        args += ["-s", str(UNIQUE_LUA)]
    output = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def targets(base):
    """The pages measured (found through the running site, never by hard-coded slugs)."""
    import html.parser

    def links(path, pattern):
        body = urllib.request.urlopen(base + path).read().decode()
        return [m for m in re.findall(r'href="([^"]+)"', body) if re.search(pattern, m)]

    class StyleSheet(html.parser.HTMLParser):
        href = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "link" and attrs.get("rel") == "stylesheet":
                self.href = attrs["href"]

    home = urllib.request.urlopen(base + "/").read().decode()
    parser = StyleSheet()
    parser.feed(home)
    register = links("/", r"^/avtal/$")[0]
    agreement = next(
        link
        for link in links(register + "?q=utskrivning", r"^/avtal/[\w-]+/$")
        if link not in (register + "flode/", register + "api/")
    )
    section = links("/", r"^/fyrbodal/$")[0]
    return [
        ("Startsida", "/"),
        ("Sektion (Fyrbodal)", section),
        ("Avtalsregistret, filtrerat", register + "?kommun=Lerum&typ=overenskommelse"),
        ("Ett avtal", agreement),
        ("Sökning", "/sok/?q=utskrivning"),
        ("Statisk fil (CSS)", parser.href),
    ]


def main():
    RESULTS.mkdir(parents=True, exist_ok=True)
    base_env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB}",
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PORT": str(PORT),
        "WEB_CONCURRENCY": WORKERS,
    }
    if not os.environ.get("BENCH_KEEP_DB"):
        prepare_database(base_env)
    env = {**base_env, "DJANGO_SETTINGS_MODULE": "vardsamverkan.settings.production"}
    server, static_root = start_server(env)
    base = f"http://127.0.0.1:{PORT}"
    rows = []
    try:
        for name, path in targets(base):
            url = base + path
            urllib.request.urlopen(url).read()  # warm caches
            cached = wrk(url, CONNECTIONS, DURATION)
            single = wrk(url, 1, DURATION, unique=True)
            rows.append({"name": name, "path": path, "cached": cached, "uncached": single})
            print(
                f"  {name}: {cached['rps']:.0f} req/s cached, "
                f"{single['p50']:.1f} ms median uncached"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)

    static = next(r for r in rows if r["name"].startswith("Statisk"))["cached"]["rps"]
    lines = [
        f"gunicorn {WORKERS} workers, production settings, PostgreSQL + Redis, "
        f"wrk {CONNECTIONS} connections × {DURATION} (cached) and 1 connection with a new "
        f"query string per request (uncached).",
        "",
        "| sida | req/s (cachad) | p50 ms | p99 ms | andel av statisk fil | "
        "okachad p50 ms | okachad p99 ms | okachad req/s | fel |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        c, u = row["cached"], row["uncached"]
        share = f"{100 * c['rps'] / static:.0f} %"
        errors = c["errors"] + u["errors"]
        lines.append(
            f"| {row['name']} | {c['rps']:.0f} | {c['p50']:.1f} | {c['p99']:.1f} | {share} | "
            f"{u['p50']:.1f} | {u['p99']:.1f} | {u['rps']:.0f} | {errors} |"
        )
    table = "\n".join(lines)
    print()
    print(table)
    (RESULTS / "benchmark.md").write_text(table + "\n", encoding="utf-8")
    (RESULTS / "benchmark.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
