"""Benchmark of growth: the demo site against the large site, page by page.

Run with ``bench/run.sh --large`` (see docs/performance.md). Steps:

1. two PostgreSQL databases: the demo site (``setup_site --demo``) and a copy of it grown by
   ``generate_bench_data --large`` (20,000 agreements, 2,000 of them in version chains,
   3,000 news items under one section, 500 groups in another, about 250 monthly reports,
   160 PDFs with text), each with its search index built and ``VACUUM (ANALYZE)``;
2. for each site in turn, gunicorn with production settings (one worker, so that its memory
   can be read), Redis as the cache, and an editor account for the admin views;
3. every URL of the list below is requested BENCH_LARGE_SAMPLES times, each time as the first
   request after a publication (the content version moved on and a group page logged as
   changed, as publishing one does, and the request made once the worker sees it), so no
   cache keyed on it answers; the register, an agreement, the searches and the API once
   more after an agreement's publication, which also moves the agreements' scope and logs
   that agreement as changed (``core.caching``); admin views are requested signed in;
4. the table gives the median (and the range) on each site and the growth factor; the CSV
   export also its first byte and the worker's peak memory before and after.

Nothing here is imported by the site; it only drives it from outside.
"""

import http.cookiejar
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DEMO_DB = os.environ.get("BENCH_DEMO_DB", "vardsamverkan_bench_demo")
LARGE_DB = os.environ.get("BENCH_LARGE_DB", "vardsamverkan_bench_large")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
PORT = int(os.environ.get("BENCH_PORT", "8150"))
SAMPLES = int(os.environ.get("BENCH_LARGE_SAMPLES", "5"))
# Only the rows whose name matches this regular expression, and only these sites.
ONLY = re.compile(os.environ.get("BENCH_ONLY", ""))
SITES = os.environ.get("BENCH_SITES", "demo,large").split(",")
EDITOR = "bench-redaktor"
AFTER_AGREEMENT = ", after an agreement changed"

# What every URL list below is built from, found in each database (never hard-coded slugs).
DISCOVER = r"""
import json
from django.contrib.auth import get_user_model
from wagtail.models import Page
from agreements.models import Agreement, AgreementIndexPage, DocumentType
from pages.models import (ContentPage, GroupPage, NewsIndexPage, NewsPage, SectionPage,
    StatusReportIndexPage, StatusReportPage)
from django.db.models import Count
User = get_user_model()
user, _ = User.objects.get_or_create(username="%(editor)s", defaults={"is_superuser": True,
    "is_staff": True, "email": "bench@example.invalid"})
user.set_password("%(password)s"); user.is_superuser = user.is_staff = True; user.save()
def url(page):
    return page.url
live = lambda model: model.objects.live().order_by("path")
section = SectionPage.objects.annotate(n=Count("pk")).get(short_name="Fyrbodal")
county = SectionPage.objects.get(level="county")
news_index = max(NewsIndexPage.objects.filter(depth=4), key=lambda p: p.get_children_count())
register = AgreementIndexPage.objects.get()
chained = Agreement.objects.public().filter(replaces__isnull=False).order_by("pk").first()
reports = StatusReportIndexPage.objects.get()
from django.http import QueryDict
from agreements.filters import RegisterFilter
in_title_order = RegisterFilter(QueryDict()).apply().values_list("slug", flat=True)
late = in_title_order[max(0, min(299, (in_title_order.count() - 1) // 50) * 50 - 1)]
group = live(GroupPage).filter(path__startswith=section.path).last()
print(json.dumps({
    "home": "/",
    "section": url(section),
    "county": url(county),
    "group": url(group),
    "content": url(live(ContentPage).last()),
    "sitewide_news": url(NewsIndexPage.objects.get(depth=3)),
    "section_news": url(news_index),
    "news": url(live(NewsPage).filter(path__startswith=news_index.path).last()),
    "register": url(register),
    "agreement": url(register) + chained.slug + "/",
    "agreement_pk": chained.pk,
    "api_cursor": late,
    "reports": url(reports),
    "report": url(live(StatusReportPage).last()),
    "section_id": section.pk,
    "news_index_id": news_index.pk,
    "group_id": group.pk,
    "document_type": DocumentType.objects.order_by("pk").first().pk,
    "agreements": Agreement.objects.count(),
    "pages": Page.objects.count(),
}))
"""


def run(args, env=None, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def manage(env, *args, **kwargs):
    return run([sys.executable, "manage.py", *args], env=env, **kwargs)


def build(env, large):
    """The demo database, and the large one as a copy of it grown by the generator."""
    dev = {**env, "DJANGO_SETTINGS_MODULE": "vardsamverkan.settings.dev"}
    for db in (DEMO_DB, LARGE_DB):
        run(["psql", PG + "/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {db}"])
    run(["psql", PG + "/postgres", "-q", "-c", f"CREATE DATABASE {DEMO_DB}"])
    demo = {**dev, "DATABASE_URL": f"{PG}/{DEMO_DB}"}
    print("Building the demo database …", flush=True)
    manage(demo, "migrate", "--noinput", stdout=subprocess.DEVNULL)
    manage(demo, "setup_site", "--demo", stdout=subprocess.DEVNULL)
    run(["psql", PG + "/postgres", "-q", "-c", f"CREATE DATABASE {LARGE_DB} TEMPLATE {DEMO_DB}"])
    manage(demo, "wagtail_update_index", stdout=subprocess.DEVNULL)
    run(["psql", f"{PG}/{DEMO_DB}", "-q", "-c", "VACUUM (ANALYZE)"])
    print("Building the large database …", flush=True)
    started = time.monotonic()
    big = {**dev, "DATABASE_URL": f"{PG}/{LARGE_DB}"}
    manage(big, "generate_bench_data", "--large")
    manage(big, "wagtail_update_index", stdout=subprocess.DEVNULL)
    run(["psql", f"{PG}/{LARGE_DB}", "-q", "-c", "VACUUM (ANALYZE)"])
    print(f"  large site built in {time.monotonic() - started:.0f} s", flush=True)


def discover(env, password):
    code = DISCOVER % {"editor": EDITOR, "password": password}
    output = manage(env, "shell", "-c", code, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def start_server(env):
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = {**env, "STATIC_ROOT": static_root}
    manage(env, "collectstatic", "--noinput", stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "vardsamverkan.wsgi", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):  # a loaded machine may need a minute or two
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def worker_pid(server):
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return int(children[0])


def peak_memory_mb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def sign_in(base, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/admin/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": EDITOR, "password": password, "next": "/admin/"}
    ).encode()
    request = urllib.request.Request(base + "/admin/login/", data=data)
    request.add_header("Referer", base + "/admin/login/")
    opener.open(request).read()
    return opener


def timed(opener, url):
    """(ms to the first byte, ms to the last, bytes)."""
    started = time.perf_counter()
    with opener.open(url) as response:
        response.read(1)
        first = time.perf_counter()
        size = 1 + len(response.read())
    done = time.perf_counter()
    return (first - started) * 1000, (done - started) * 1000, size


def urls(site):
    register = site["register"]
    a = "/admin/snippets/agreements/agreement/"
    public = [
        ("Home page", "/"),
        ("Section with the most groups (Fyrbodal)", site["section"]),
        ("Section, county level", site["county"]),
        ("Group page", site["group"]),
        ("Content page", site["content"]),
        ("News, site-wide list", site["sitewide_news"]),
        ("News, the largest section's list", site["section_news"]),
        ("News, the largest list's page 50", site["section_news"] + "?sida=50"),
        ("News item", site["news"]),
        ("Agreement register", register),
        ("Register, filtered", register + "?kommun=lerum&status=alla&sortering=beslutsdatum"),
        ("Register, searched", register + "?q=utskrivning"),
        ("Agreement in a version chain", site["agreement"]),
        ("Status reports", site["reports"]),
        ("Status report", site["report"]),
        ("Search", "/sok/?q=samverkan"),
        ("Search, two words", "/sok/?q=samordnad+utskrivning"),
        ("Sitemap (index or single file)", "/sitemap.xml"),
        ("CSV export, all agreements", register + "export.csv?status=alla"),
        ("API, first page", register + "api/"),
        ("API, page 300", register + "api/?sida=300"),
        ("API, page 300 by its next link", register + "api/?efter=" + site["api_cursor"]),
        (
            "API, one agreement",
            register + "api/" + site["agreement"].rstrip("/").split("/")[-1] + "/",
        ),
        ("Feed, agreements", register + "flode/"),
        ("Feed, status reports", site["reports"] + "flode/"),
    ]
    # What is kept for agreements alone outlives a page's publication: these rows again,
    # each request the first after an agreement changed.
    public += [
        (f"{name}, after an agreement changed", path)
        for name, path in public
        if name.startswith(("Agreement", "Register", "Search", "API"))
    ]
    admin = [
        ("Admin: dashboard", "/admin/"),
        ("Admin: agreement listing", a),
        ("Admin: agreement listing ?q=", a + "?q=utskrivning"),
        (
            "Admin: agreement listing, three filters",
            a + f"?document_type={site['document_type']}&section={site['section_id']}"
            "&status=gallande",
        ),
        ("Admin: explorer, section with 500 groups", f"/admin/pages/{site['section_id']}/"),
        ("Admin: explorer, news list of 3,000", f"/admin/pages/{site['news_index_id']}/"),
        ("Admin: edit an agreement", a + f"edit/{site['agreement_pk']}/"),
        ("Admin: edit a group page", f"/admin/pages/{site['group_id']}/edit/"),
    ]
    return public, admin


def sitemap_files(opener, base):
    """The sitemap and, if it is an index, every file it lists."""
    body = opener.open(base + "/sitemap.xml").read().decode()
    if "<sitemapindex" not in body:
        return []
    return [urllib.parse.urlsplit(u) for u in re.findall(r"<loc>([^<]+)</loc>", body)]


def measure(env, label):
    password = secrets.token_urlsafe(16)
    site = discover({**env, "DJANGO_SETTINGS_MODULE": "vardsamverkan.settings.dev"}, password)
    print(f"{label}: {site['pages']} pages, {site['agreements']} agreements", flush=True)
    server = start_server(env)
    base = f"http://127.0.0.1:{PORT}"
    results = {"site": site}
    try:
        from django.conf import settings

        from agreements.search import CACHE_SCOPE
        from core.caching import PAGES, content_changed, log_change

        anonymous = urllib.request.build_opener()
        editor = sign_in(base, password)
        public, admin = urls(site)
        files = sitemap_files(anonymous, base)
        public += [
            (f"Sitemap file {n + 1}", f"{u.path}?{u.query}" if u.query else u.path)
            for n, u in enumerate(files)
        ]
        # Both sites share one Redis database: a new structure version keeps the other
        # site's menus, organisation chart and filter options from being read here, and a
        # change of unknown pages and agreements its kept search rankings.
        log_change(PAGES)
        content_changed(structure=True, scopes=[CACHE_SCOPE])
        pid = worker_pid(server)
        for name, path in public + admin:
            if not ONLY.search(name):
                continue
            opener = editor if name.startswith("Admin") else anonymous
            before = peak_memory_mb(pid)
            samples = []
            try:
                opener.open(base + path).read()  # code paths loaded once
                for _ in range(SAMPLES):
                    if name.endswith(AFTER_AGREEMENT):  # as publishing the chained one does
                        content_changed(scopes=[CACHE_SCOPE], changed={site["agreement_pk"]})
                    else:  # as publishing a group page does
                        log_change(PAGES, [site["group_id"]])
                        content_changed()
                    time.sleep(settings.CONTENT_VERSION_SECONDS + 0.05)
                    samples.append(timed(opener, base + path))
            except OSError as error:  # e.g. the worker timed out: gunicorn answers 500
                results[name] = {"path": path, "error": str(error)}
                print(f"  {name}: {error}", flush=True)
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
                server = start_server(env)
                pid = worker_pid(server)
                editor = sign_in(base, password)
                continue
            totals = sorted(s[1] for s in samples)
            results[name] = {
                "path": path,
                "median": statistics.median(totals),
                "min": totals[0],
                "max": totals[-1],
                "first_byte": statistics.median(s[0] for s in samples),
                "kb": samples[-1][2] / 1024,
                "memory_before": before,
                "memory_after": peak_memory_mb(pid),
            }
            print(
                f"  {name}: {results[name]['median']:.0f} ms "
                f"({totals[0]:.0f}–{totals[-1]:.0f}), {results[name]['kb']:.0f} kB",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return results


def table(demo, large):
    lines = [
        f"Demo site: {demo['site']['pages']} pages, {demo['site']['agreements']} agreements. "
        f"Large site: {large['site']['pages']} pages, {large['site']['agreements']} "
        f"agreements. Each figure: the median of {SAMPLES} requests, each the first after a "
        "page's publication (every cache keyed on the content version empty; rows "
        f"'{AFTER_AGREEMENT[2:]}': after an agreement's, which also empties what is kept for "
        "agreements), in ms, with the range; gunicorn with one worker, production settings, "
        "Redis.",
        "",
        "| what | demo ms | large ms (range) | growth | large kB |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in large.items():
        if name == "site":
            continue
        before = demo.get(name)
        if "error" in row or (before and "error" in before):
            lines.append(f"| {name} | | {row.get('error', '')} | | |")
            continue
        if before is None:
            lines.append(
                f"| {name} | | {row['median']:.0f} ({row['min']:.0f}–{row['max']:.0f}) | "
                f"| {row['kb']:.0f} |"
            )
            continue
        lines.append(
            f"| {name} | {before['median']:.0f} | {row['median']:.0f} "
            f"({row['min']:.0f}–{row['max']:.0f}) | ×{row['median'] / before['median']:.1f} "
            f"| {row['kb']:.0f} |"
        )
    csv = next((row for name, row in large.items() if name.startswith("CSV")), None)
    if csv and "error" not in csv:
        lines += [
            "",
            f"CSV export on the large site: first byte after {csv['first_byte']:.0f} ms, "
            f"all {csv['kb'] / 1024:.1f} MB after {csv['median']:.0f} ms; the worker's peak "
            f"memory {csv['memory_before']:.0f} MB before the export, "
            f"{csv['memory_after']:.0f} MB after {SAMPLES + 1} exports.",
        ]
    return "\n".join(lines)


def main():
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "PORT": str(PORT),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_MAX_REQUESTS": "0",
    }
    if not os.environ.get("BENCH_KEEP_DB"):
        build(env, large=True)
    prod = {**env, "DJANGO_SETTINGS_MODULE": "vardsamverkan.settings.production"}
    # This process moves the content version on as publishing does (core.caching).
    os.environ.update({**prod, "DATABASE_URL": f"{PG}/{DEMO_DB}"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    demo = large = {"site": {"pages": "?", "agreements": "?"}}
    if "demo" in SITES:
        demo = measure({**prod, "DATABASE_URL": f"{PG}/{DEMO_DB}"}, "Demo site")
    if "large" in SITES:
        large = measure({**prod, "DATABASE_URL": f"{PG}/{LARGE_DB}"}, "Large site")
    text = table(demo, large)
    print()
    print(text)
    (RESULTS / "large.md").write_text(text + "\n", encoding="utf-8")
    (RESULTS / "large.json").write_text(json.dumps({"demo": demo, "large": large}, indent=2))


if __name__ == "__main__":
    main()
