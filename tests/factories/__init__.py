"""Per-app factories (factory_boy and wagtail-factories): tests build what they need on top
of the site's structure. Import from the app's module, e.g. ``tests.factories.pages``."""
