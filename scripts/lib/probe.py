"""HTTP probes for scripts/fault_check.sh (standard library only).

probe.py burst BASE N PATH...      N rounds over the paths: status counts and latency
probe.py watch BASE OUTFILE        until stopped: /healthz and an uncached search, every
                                   0.1 s, one line per request (time, path, status, ms)
probe.py summarize OUTFILE T0 T1   what the watch saw before T0, between T0 and T1 (the
                                   outage) and after T1: failures and time to recover
probe.py subscribe BASE ADDRESS    the subscription form, as a browser sends it
"""

import http.cookiejar
import itertools
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT = 10


def fetch(opener, url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    started = time.monotonic()
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    except (urllib.error.URLError, OSError) as error:
        body, status = str(error).encode(), 0
    return status, (time.monotonic() - started) * 1000, body


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def plain_opener(cookies=None):
    handlers = [NoRedirect()]
    if cookies is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(cookies))
    return urllib.request.build_opener(*handlers)


def burst(base, rounds, *paths):
    opener = plain_opener()
    statuses, latencies = {}, []
    for _ in range(int(rounds)):
        for path in paths:
            status, ms, _ = fetch(opener, base + path)
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append(ms)
    latencies.sort()
    print(
        json.dumps(
            {
                "requests": len(latencies),
                "statuses": {str(k): v for k, v in sorted(statuses.items())},
                "median_ms": round(latencies[len(latencies) // 2], 1),
                "max_ms": round(latencies[-1], 1),
            }
        )
    )
    return 0 if set(statuses) <= {200} else 1


def watch(base, outfile):
    opener = plain_opener()
    with open(outfile, "a", buffering=1) as out:
        for number in itertools.count():
            for path in ["/healthz", f"/sok/?q=vardplan{number}"]:
                status, ms, _ = fetch(opener, base + path)
                out.write(f"{time.time():.3f} {path.split('?')[0]} {status} {ms:.0f}\n")
            time.sleep(0.1)


def summarize(outfile, down, up):
    down, up = float(down), float(up)
    rows = []
    for line in open(outfile):
        t, path, status, ms = line.split()
        rows.append((float(t), path, int(status), float(ms)))

    def count(selected):
        ok = sum(1 for r in selected if r[2] == 200)
        return {"requests": len(selected), "ok": ok, "failed": len(selected) - ok}

    before = [r for r in rows if r[0] < down]
    during = [r for r in rows if down <= r[0] <= up]
    after = [r for r in rows if r[0] > up]
    failed_after = [r for r in after if r[2] != 200]
    last_failure = max((r[0] for r in rows if r[2] != 200), default=None)
    first_ok_after = min((r[0] for r in after if r[2] == 200), default=None)
    statuses = sorted({r[2] for r in rows if r[2] != 200})
    result = {
        "before": count(before),
        "during_restart": count(during),
        "after": count(after),
        "failure_statuses": statuses,
        "restart_seconds": round(up - down, 2),
        "first_success_after_restart_s": round(first_ok_after - up, 2) if first_ok_after else None,
        "last_failure_after_restart_s": round(last_failure - up, 2)
        if last_failure and last_failure > up
        else None,
    }
    print(json.dumps(result))
    # Recovered: within 5 s of the database being back, and nothing failed after that.
    late = [r for r in failed_after if r[0] > up + 5]
    recovered = len(after) >= 10 and not late and after[-1][2] == 200
    return 0 if recovered else 1


def subscribe(base, address):
    cookies = http.cookiejar.CookieJar()
    opener = plain_opener(cookies)
    status, _, body = fetch(opener, base + "/prenumerera/")
    if status != 200:
        print(f"form: {status}")
        return 1
    html = body.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    topic = re.search(r'name="amnen" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "amnen": topic, "epost": address}
    ).encode()
    status, ms, _ = fetch(
        opener,
        base + "/prenumerera/",
        data=data,
        headers={"Referer": base + "/prenumerera/", "Origin": base},
    )
    print(json.dumps({"status": status, "ms": round(ms, 1)}))
    return 0 if status == 302 else 1


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    sys.exit(
        {"burst": burst, "watch": watch, "summarize": summarize, "subscribe": subscribe}[command](
            *args
        )
    )
