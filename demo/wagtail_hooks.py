"""The demo's part of ``setup_site --demo``: pages, agreements, promoted results, accounts.

Registered late (``order``) so the structure and every app's own setup (taxonomies, the
register page, abbreviations) exist before the demo content is added on top of them.
"""

from wagtail import hooks


@hooks.register("setup_site", order=100)
def build_demo_site(demo, report, stdout, new_passwords=False, **kwargs):
    if not demo:
        return
    from .accounts import ensure_demo_accounts
    from .agreements import build_demo_agreements
    from .content import build_demo
    from .search import ensure_promotions

    build_demo(report)
    build_demo_agreements(report)
    ensure_promotions(report)
    ensure_demo_accounts(report, stdout, new_passwords=new_passwords)
