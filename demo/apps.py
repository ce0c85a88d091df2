from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for ``setup_site --demo`` and the benchmark's large data set.

    The top of the dependency graph: it may import every other app, and none imports it.
    """

    name = "demo"
    verbose_name = "Demoinnehåll"
