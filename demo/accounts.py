"""Demo accounts for trying each role in the admin (``setup_site --demo`` only).

One account per role: a local superuser, the kommunikatör and one editor per section. Their
generated passwords are printed when the accounts are created, or again (new ones) with
``--new-passwords``, which is what ``make run`` does so the printed passwords always work.
Never created under production settings (``setup_site`` refuses ``--demo`` there).
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from pages.models import SectionPage
from pages.permissions import KOMMUNIKATOR, editor_group_for


def demo_account_specs():
    specs = [
        {
            "username": "admin",
            "first_name": "Lokal",
            "last_name": "Administratör",
            "superuser": True,
            "group": None,
            "role": "Administratör (alla rättigheter)",
        },
        {
            "username": "kommunikator",
            "first_name": "Kim",
            "last_name": "Kommunikatör",
            "superuser": False,
            "group": KOMMUNIKATOR,
            "role": KOMMUNIKATOR,
        },
    ]
    for section in SectionPage.objects.order_by("path"):
        group = editor_group_for(section)
        specs.append(
            {
                "username": f"redaktor-{section.slug}",
                "first_name": "Redaktör",
                "last_name": section.short_name,
                "superuser": False,
                "group": group.name if group else None,
                "role": group.name if group else "",
            }
        )
    return specs


def ensure_demo_accounts(report, stdout, new_passwords=False):
    User = get_user_model()
    printed = []
    existing = []
    for spec in demo_account_specs():
        user = User.objects.filter(username=spec["username"]).first()
        created = user is None
        if created:
            user = User(
                username=spec["username"],
                email=f"{spec['username']}@example.org",
                first_name=spec["first_name"],
                last_name=spec["last_name"],
                is_staff=spec["superuser"],
                is_superuser=spec["superuser"],
            )
            report.add("konto", spec["username"])
        if created or new_passwords:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            printed.append((spec["username"], password, spec["role"]))
        else:
            existing.append(spec["username"])
        if spec["group"] and not user.groups.filter(name=spec["group"]).exists():
            user.groups.add(Group.objects.get(name=spec["group"]))
    # Printed last by setup_site, after the list of what it created: the accounts are what
    # a person starting the demo needs, right before the server starts.
    if printed:
        report.closing.append("")
        report.closing.append("Demokonton för admin (användarnamn / lösenord / roll):")
        for username, password, role in printed:
            report.closing.append(f"  {username} / {password} / {role}")
    if existing:
        report.closing.append(
            f"{len(existing)} demokonton fanns redan; deras lösenord ändrades inte "
            "(kör setup_site --demo --new-passwords för nya)."
        )
