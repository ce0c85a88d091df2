"""Checks for scripts/scaleout_check.sh: two web processes, one database, one Redis, one
S3-compatible object store.

scaleout.py BASE_A BASE_B USER PASSWORD

1. an editor signs in to the admin of A and uploads a PDF there;
2. the document is in the bucket (not on A's disk), and B serves the same bytes;
3. B has the site-wide news list in its page cache; the editor changes its title and
   publishes through A's admin; B's next request after CONTENT_VERSION_SECONDS shows the
   new title.

Prints one line per check; exit status 0 only if every check passed.
"""

import os
import re
import sys
import time
from pathlib import Path

import boto3
import requests
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
# The test PDF is made by the site's own generator, which renders a template: Django must be
# set up in this process (it only drives the two servers; it serves nothing itself).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vardsamverkan.settings.dev")
import django  # noqa: E402

django.setup()
from demo.pdf import make_pdf  # noqa: E402

FAILED = []


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)
    if not ok:
        FAILED.append(name)


def sign_in(base, user, password):
    session = requests.Session()
    page = session.get(f"{base}/admin/login/")
    token = session.cookies["csrftoken"]
    response = session.post(
        f"{base}/admin/login/",
        data={"csrfmiddlewaretoken": token, "username": user, "password": password},
        headers={"Referer": page.url},
    )
    check(f"signed in on {base}", "/admin/logout/" in response.text or "Logga ut" in response.text)
    return session


def form_data(html, form_selector):
    """Every field of a form as a browser would send it (without the submit buttons)."""
    form = BeautifulSoup(html, "html.parser").select_one(form_selector)
    data = []
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            data.append((name, field.text))
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data.append((name, chosen.get("value", "") if chosen else ""))
        else:
            data.append((name, field.get("value", "")))
    return data


def upload_document(a, base_a):
    title = f"Skalningstest {int(time.time())}"
    pdf = make_pdf(title, ["Ett dokument uppladdat genom den ena webbprocessen."])
    page = a.get(f"{base_a}/admin/documents/add/")
    data = dict(form_data(page.text, "form[enctype='multipart/form-data']"))
    data["title"] = title
    response = a.post(
        f"{base_a}/admin/documents/add/",
        data=data,
        files={"file": ("skalningstest.pdf", pdf, "application/pdf")},
        headers={"Referer": page.url},
    )
    check("document uploaded through A", response.ok, f"{response.status_code}")
    return title, pdf


def main():
    base_a, base_b, user, password = sys.argv[1:5]
    a = sign_in(base_a, user, password)
    b = sign_in(base_b, user, password)

    # 1–2: a document uploaded through A, served by B from the object store.
    title, pdf = upload_document(a, base_a)
    listing = b.get(f"{base_b}/admin/documents/", params={"q": title}).text
    found = re.search(r"/admin/documents/edit/(\d+)/", listing)
    check("B's admin lists the document", found is not None)
    if found:
        document_id = found.group(1)
        bucket = boto3.resource(
            "s3",
            endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"],
            region_name=os.environ.get("AWS_S3_REGION_NAME", "us-east-1"),
        ).Bucket(os.environ["AWS_STORAGE_BUCKET_NAME"])
        keys = [o.key for o in bucket.objects.filter(Prefix="documents/skalningstest")]
        check("the file is in the bucket", len(keys) == 1, ", ".join(keys))
        media_root = Path(os.environ["MEDIA_ROOT"])
        check("nothing on the web processes' disk", not (media_root / "documents").exists())
        served = requests.get(f"{base_b}/dokument/{document_id}/skalningstest.pdf", timeout=30)
        check(
            "B serves the document A received",
            served.ok and served.content == pdf,
            f"{served.status_code}, {len(served.content)} bytes",
        )

    # 3: a publication through A, seen on B's next request.
    news = requests.get(f"{base_b}/nyheter/", timeout=30)
    check("B serves the news list (now in its page cache)", news.ok)
    explorer = a.get(f"{base_a}/admin/pages/search/", params={"q": "Nyheter"}).text
    ids = re.findall(r"/admin/pages/(\d+)/edit/", explorer)
    new_title = f"Nyheter och aktuellt {int(time.time())}"
    published = False
    for page_id in ids:
        edit_url = f"{base_a}/admin/pages/{page_id}/edit/"
        edit = a.get(edit_url)
        data = form_data(edit.text, "form#page-edit-form")
        if ("title", "Nyheter") not in data or not any(n == "intro" for n, _ in data):
            continue
        data = [(n, new_title if n == "title" else v) for n, v in data]
        data.append(("action-publish", "action-publish"))
        response = a.post(edit_url, data=data, headers={"Referer": edit_url})
        published = response.ok and "alert-error" not in response.text
        break
    check("the title changed and published through A's admin", published)
    time.sleep(float(os.environ.get("CONTENT_VERSION_SECONDS", "1")))
    seen = requests.get(f"{base_b}/nyheter/", timeout=30)
    check("B's next request shows the publication", new_title in seen.text)

    if FAILED:
        print(f"{len(FAILED)} check(s) failed")
        sys.exit(1)
    print("every check passed")


if __name__ == "__main__":
    main()
