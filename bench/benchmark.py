"""Benchmark: requests per second and latency of the main pages, against a static file.

Run with ``bench/run.sh`` (see docs/performance.md). Steps:

1. a fresh PostgreSQL database with the demo site plus generated content (hundreds of pages,
   2,000 agreements), search index built;
2. a yardstick of the machine's speed (``yardstick``), then gunicorn with production
   settings (2 workers by default), Redis as the cache;
3. for each page, wrk measures
   * *cached*: the same URL again and again (anonymous visitors share the page cache),
   * *uncached*: a new query string on every request, so the whole-page cache never
     answers and each one is rendered (shared lookups and fragments stay warm, as on a
     running site), measured at one connection so the latency is the server's render time
     rather than queueing;
   * *cold*: the first render after a publication, when every cache keyed on the content
     version is empty: before each of BENCH_COLD_SAMPLES requests the content version is
     moved on exactly as publishing does (``core.caching.content_changed``), and the
     request waits until every worker sees it (``CONTENT_VERSION_SECONDS``);
4. a static file of similar size served by the same server (whitenoise), the physical
   ceiling of this stack, measured taking turns with each page (BENCH_ROUNDS runs each,
   the median counts) so that both see the same machine: 2 cores shared by gunicorn,
   PostgreSQL, Redis and wrk drift by ±10 % from one run to the next; the table gives
   each page's share of it;
5. pages nobody has asked for before: register filters and searches, a different one for
   every request (``bench/paths.lua``);
6. freshness: a site setting changed in this process, the home page asked for from the
   running workers once their copy of the content version may be old
   (``CONTENT_VERSION_SECONDS``), again and again.

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
import urllib.parse
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
COLD_SAMPLES = int(os.environ.get("BENCH_COLD_SAMPLES", "25"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
# BENCH_ONLY=search: only the search rows (a repeated search, a word never searched for).
ONLY_SEARCH = os.environ.get("BENCH_ONLY") == "search"
ROUND_DURATION = os.environ.get("BENCH_ROUND_DURATION", "5s")
UNIQUE_LUA = ROOT / "bench" / "unique_query.lua"
PATHS_LUA = ROOT / "bench" / "paths.lua"


def run(args, env=None, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def manage(env, *args):
    run([sys.executable, "manage.py", *args], env=env, stdout=subprocess.DEVNULL)


def prepare_database(base_env):
    run(["psql", PG + "/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {DB}"])
    run(["psql", PG + "/postgres", "-q", "-c", f"CREATE DATABASE {DB}"])
    env = {**base_env, "DJANGO_SETTINGS_MODULE": "vardsamverkan.settings.dev"}
    print("Building the database: migrate, demo content, generated content, search index …")
    manage(env, "migrate", "--noinput")
    manage(env, "setup_site", "--demo")
    manage(env, "generate_bench_data", "--pages-per-section", "50", "--agreements", "2000")
    manage(env, "wagtail_update_index")
    # What autovacuum does on a running site, which this machine's PostgreSQL (autovacuum
    # off) never does by itself: fresh statistics, without which the big tables are
    # planned with default estimates, and the dead rows that building the data set and
    # rebuilding the search index left behind cleared away.
    run(["psql", f"{PG}/{DB}", "-q", "-c", "VACUUM (ANALYZE)"])


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
    for _ in range(300):  # a minute: loading Django in gunicorn's master is slow on a busy machine
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return server, static_root
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start: " + server.stderr.read().decode()[-2000:])


def wrk(url, connections, duration, unique=False, paths=None):
    args = [
        "wrk",
        "-t2" if int(connections) > 1 else "-t1",
        f"-c{connections}",
        f"-d{duration}",
        "--latency",
    ]
    if unique:
        args += ["-s", str(UNIQUE_LUA)]
    extra = []
    if paths:
        args += ["-s", str(PATHS_LUA)]
        extra = ["--", str(paths)]
    output = subprocess.run(args + [url] + extra, capture_output=True, text=True, check=True).stdout

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


def setup_django(env):
    """Django in this process, on the benchmark's database and Redis, to publish as an
    editor would while gunicorn serves. Several steps need it; it is set up once."""
    import django
    from django.apps import apps

    if apps.ready:
        return
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    django.setup()


def alternating(static_url, url):
    """The static file and the page under the same load, ROUNDS times in turn; for each the
    run with the median rate. The machine's speed drifts by ±10 % between runs, so a pair
    measured once can land on either side of a ratio."""
    static_runs, page_runs = [], []
    for _ in range(ROUNDS):
        static_runs.append(wrk(static_url, CONNECTIONS, ROUND_DURATION))
        page_runs.append(wrk(url, CONNECTIONS, ROUND_DURATION))

    def median(runs):
        return sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]

    return median(static_runs), median(page_runs)


def cold(url, env):
    """Median and maximum ms of the first request after each of COLD_SAMPLES publications."""
    import statistics

    setup_django(env)
    from django.conf import settings

    from core.caching import content_changed

    times = []
    for _ in range(COLD_SAMPLES):
        content_changed()
        time.sleep(settings.CONTENT_VERSION_SECONDS)  # until every worker sees the change
        started = time.perf_counter()
        urllib.request.urlopen(url).read()
        times.append((time.perf_counter() - started) * 1000)
    return {"p50": statistics.median(times), "max": max(times)}


def freshness(base, env, rounds=20, requests_per_round=6):
    """Change the footer's phone number (a site setting) in this process, then ask the
    running workers for the home page as soon as their copy of the content version may be
    old (CONTENT_VERSION_SECONDS), several times: every answer must show it. Returns
    (answers with the new number, answers in all)."""
    setup_django(env)
    from django.conf import settings as django_settings
    from wagtail.models import Site

    from pages.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    original, fresh, total = settings.phone, 0, 0
    try:
        for number in range(rounds):
            settings.phone = f"010-000 00 {number:02d}"
            settings.save()  # publishes like the admin does: the content version moves on
            time.sleep(django_settings.CONTENT_VERSION_SECONDS)
            for _ in range(requests_per_round):
                body = urllib.request.urlopen(base + "/").read().decode()
                fresh += settings.phone in body
                total += 1
    finally:
        settings.phone = original
        settings.save()
    return fresh, total


def novel_paths(env, register):
    """URLs nobody has asked for yet, for the rows measured with a new request each time:
    register filters (municipality × document type × sort order, a few thousand) and
    one-word searches for words that occur on the site (about 900), in a fixed shuffle."""
    import random

    setup_django(env)
    from django.db import connection

    from agreements.models import DocumentType
    from pages.models import Municipality

    filters = [
        f"{register}?kommun={municipality}&typ={document_type}&sortering={order}"
        for municipality in Municipality.objects.values_list("slug", flat=True)
        for document_type in DocumentType.objects.values_list("slug", flat=True)
        for order in ("titel", "beslutsdatum", "giltig-fran", "revideras")
    ]
    with connection.cursor() as cursor:
        # Words of five letters or more that PostgreSQL's Swedish configuration indexes
        # (its stop words give an empty vector).
        cursor.execute(
            "SELECT DISTINCT lower(w) FROM (SELECT regexp_split_to_table(title_text || ' ' ||"
            " body_text, '[^[:alpha:]]+') AS w FROM wagtailsearch_indexentry) words"
            " WHERE length(w) >= 5 AND to_tsvector('swedish', w) <> ''::tsvector"
        )
        words = sorted(w for (w,) in cursor.fetchall())
    searches = [f"/sok/?q={urllib.parse.quote(word)}" for word in words]
    for urls in (filters, searches):
        random.Random(9).shuffle(urls)
    return filters, searches


def yardstick():
    """Milliseconds this machine takes for a fixed piece of pure Python (median of five),
    measured before the server starts. Machines of the same kind differ in speed by up to
    half; with this figure beside the table, runs on different machines can be compared."""
    import statistics
    import timeit

    def work():
        text = "".join(f"<li>{n}</li>" for n in range(20_000))
        return sorted({word: len(word) for word in text.split("<")}.items())

    return statistics.median(timeit.repeat(work, number=10, repeat=5)) * 100


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
        ("Home page", "/"),
        ("Section (Fyrbodal)", section),
        ("Agreement register, filtered", register + "?kommun=Lerum&typ=overenskommelse"),
        ("An agreement", agreement),
        ("Search", "/sok/?q=utskrivning"),
        ("Static file (CSS)", parser.href),
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
        # Workers are not recycled while measuring: at these rates the production setting
        # (every 20,000 requests) recycles one every few seconds, and each recycle costs a
        # second with one worker less, which says nothing about how fast pages are.
        "GUNICORN_MAX_REQUESTS": os.environ.get("GUNICORN_MAX_REQUESTS", "0"),
    }
    if not os.environ.get("BENCH_KEEP_DB"):
        prepare_database(base_env)
    machine_ms = yardstick()
    env = {**base_env, "DJANGO_SETTINGS_MODULE": "vardsamverkan.settings.production"}
    server, static_root = start_server(env)
    base = f"http://127.0.0.1:{PORT}"
    rows = []
    try:
        pages = targets(base)
        static_path = pages.pop()[1]
        register = next(path for name, path in pages if name.startswith("Agreement register"))
        if ONLY_SEARCH:
            pages = [(name, path) for name, path in pages if name == "Search"]
        static_url = base + static_path
        urllib.request.urlopen(static_url).read()
        for name, path in pages:
            url = base + path
            with urllib.request.urlopen(url) as response:  # warms the caches
                response.read()
                private = "private" in response.headers.get("Cache-Control", "")
            static, cached = alternating(static_url, url)
            single = wrk(url, 1, DURATION, unique=True)
            first = cold(url, env)
            rows.append(
                {
                    "name": name,
                    "path": path,
                    "static": static,
                    "cached": cached,
                    "uncached": single,
                    "cold": first,
                    "private": private,
                }
            )
            print(
                f"  {name}: {cached['rps']:.0f} req/s cached (static file {static['rps']:.0f}), "
                f"{single['p50']:.1f} ms median uncached, {first['p50']:.1f} ms cold"
            )
        static_single = wrk(static_url, 1, DURATION, unique=True)
        filters, searches = novel_paths(env, register.split("?")[0])
        for name, paths in [
            ("Agreement register, a filter not asked for before", [] if ONLY_SEARCH else filters),
            ("Search, a word not searched for before", searches),
        ]:
            if not paths:
                continue
            listing = Path(static_root) / "bench-paths.txt"
            listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
            novel = wrk(base + paths[0], 1, DURATION, paths=listing)
            rows.append({"name": name, "path": paths[0], "uncached": novel, "count": len(paths)})
            print(f"  {name}: {novel['p50']:.1f} ms median ({len(paths)} different URLs)")
        fresh, total = (0, 0) if ONLY_SEARCH else freshness(base, env)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)

    static_runs = sorted(row["static"]["rps"] for row in rows if "static" in row)
    lines = [
        f"gunicorn {WORKERS} workers, production settings, PostgreSQL + Redis; this machine's "
        f"yardstick (a fixed piece of Python, lower is faster): {machine_ms:.1f} ms. Cached: wrk "
        f"{CONNECTIONS} connections on one URL, {ROUNDS} runs of {ROUND_DURATION} taking "
        f"turns with the static file, the median run of each. Uncached: 1 connection × "
        f"{DURATION}, a new query string per request (the whole-page cache misses; shared "
        f"lookups and fragments are warm). The last two rows ask for a different page each "
        f"time, that nothing has rendered or searched for before. Cold: median of "
        f"{COLD_SAMPLES} first requests after a publication, when every cache is empty.",
        "",
        "| page | req/s cached | p50 ms | p99 ms | share of static file | "
        "uncached p50 ms | uncached p99 ms | uncached req/s | cold p50 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        u = row["uncached"]
        if "cached" not in row:  # a different URL each time: nothing to cache
            lines.append(
                f"| {row['name']} | | | | | {u['p50']:.1f} | {u['p99']:.1f} | {u['rps']:.0f} "
                f"| | {u['errors']} |"
            )
            continue
        c = row["cached"]
        share = f"{100 * c['rps'] / row['static']['rps']:.0f} %"
        if row["private"]:  # rendered for every request by design: not a cached page
            share = f"(private, never cached: {share})"
        errors = c["errors"] + u["errors"]
        lines.append(
            f"| {row['name']} | {c['rps']:.0f} | {c['p50']:.1f} | {c['p99']:.1f} | {share} | "
            f"{u['p50']:.1f} | {u['p99']:.1f} | {u['rps']:.0f} | {row['cold']['p50']:.1f} | "
            f"{errors} |"
        )
    middle = static_runs[len(static_runs) // 2]
    lines.append(
        f"| Static file (CSS), {static_runs[0]:.0f}–{static_runs[-1]:.0f} req/s beside the "
        f"{len(static_runs)} pages | {middle:.0f} | | | 100 % | "
        f"{static_single['p50']:.1f} | {static_single['p99']:.1f} | {static_single['rps']:.0f} "
        f"| | {static_single['errors']} |"
    )
    lines += [
        "",
        f"Freshness: {fresh} of {total} answers for the home page requested "
        f"CONTENT_VERSION_SECONDS after a changed site setting showed the change ({WORKERS} "
        "workers, 20 changes).",
    ]
    table = "\n".join(lines)
    print()
    print(table)
    (RESULTS / "benchmark.md").write_text(table + "\n", encoding="utf-8")
    (RESULTS / "benchmark.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
