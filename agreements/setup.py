"""The register's part of ``setup_site``: taxonomies, the /avtal/ page, the approval workflow.

Idempotent like the rest of setup: terms are found by name, the register page by type,
nothing an editor has changed is overwritten.
"""

from django.utils.text import slugify

from pages.models import HomePage
from pages.setup import add_child

from .models import Agreement, AgreementIndexPage, DecisionBody, DocumentType, Task, Topic

DOCUMENT_TYPES = [
    "Avtal",
    "Överenskommelse",
    "Riktlinje",
    "Rutin",
    "Handlingsplan",
    "Strategi",
    "Uppdragsbeskrivning",
]
TOPICS = [
    "Barn och unga",
    "Psykisk hälsa",
    "In- och utskrivning",
    "SIP",
    "Nära vård",
    "Hemsjukvård",
    "Digitalisering",
    "Äldre",
    "Missbruk och beroende",
    "Läkemedel",
    "Hjälpmedel",
]
# The entry points by task on the home page: (task, area in the register, description).
TASKS = [
    (
        "In- och utskrivning",
        "In- och utskrivning",
        "Vad gäller när en patient skrivs in i eller ut från sluten vård, och vem gör vad.",
    ),
    ("SIP", "SIP", "Samordnad individuell plan: när den behövs och hur den tas fram."),
    ("Hjälpmedel", "Hjälpmedel", "Vem ansvarar för och bekostar hjälpmedel."),
    ("Läkemedel", "Läkemedel", "Läkemedelshantering i samverkan mellan region och kommun."),
    ("Psykisk hälsa", "Psykisk hälsa", "Samverkan kring psykisk hälsa, psykiatri och beroende."),
    ("Barn och unga", "Barn och unga", "Samverkan för barns och ungas hälsa och trygghet."),
]
DECISION_BODIES = [
    "SRO",
    "VVG",
    "Regionfullmäktige",
    "Kommunfullmäktige",
    "Delregionalt politiskt samråd",
    "Hälso- och sjukvårdsnämnd",
    "Styrgrupp psykisk hälsa",
    "Ledningsgrupp",
]

REGISTER_INTRO = (
    "Alla avtal, överenskommelser, riktlinjer och rutiner mellan Västra Götalandsregionen och "
    "kommunerna på ett ställe. Listan visar det som gäller i dag; välj status för att se "
    "kommande, upphörda och ersatta versioner."
)


def ensure_terms(model, names, report):
    for order, name in enumerate(names):
        _, created = model.objects.get_or_create(name=name, defaults={"sort_order": order * 10})
        if created:
            report.add(model._meta.verbose_name, name)


def ensure_register_page(report):
    home = HomePage.objects.first()
    page = AgreementIndexPage.objects.first()
    if page is None and home is not None:
        page = add_child(
            home,
            AgreementIndexPage(
                title="Avtal och överenskommelser",
                slug="avtal",
                show_in_menus=True,
                intro=REGISTER_INTRO,
            ),
        )
        # First in the main menu: the register is why most visitors come.
        page.move(home, pos="first-child")
        report.add("sida", page.title)
    return page


def ensure_approval_workflow(report):
    """Agreements written by section editors are approved by the kommunikatör.

    A Wagtail workflow on the Agreement model with one group-approval task. If someone
    has since pointed agreements at another workflow in the admin, that choice is kept.
    """
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask

    from pages.permissions import KOMMUNIKATOR

    content_type = ContentType.objects.get_for_model(Agreement)
    if WorkflowContentType.objects.filter(content_type=content_type).exists():
        return
    task, _ = GroupApprovalTask.objects.get_or_create(name="Kommunikatören granskar och publicerar")
    task.groups.set([Group.objects.get(name=KOMMUNIKATOR)])
    workflow, created = Workflow.objects.get_or_create(name="Godkännande av avtal")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.create(content_type=content_type, workflow=workflow)
    report.add("arbetsflöde", workflow.name)


def ensure_tasks(report):
    """The six common tasks, created once; the editors keep the list afterwards (a task
    they have deleted is not brought back while any task exists)."""
    if Task.objects.exists():
        return
    for order, (name, topic_name, summary) in enumerate(TASKS):
        topic = Topic.objects.filter(name=topic_name).first()
        if topic is not None:
            Task.objects.create(
                name=name, slug=slugify(name), summary=summary, topic=topic, sort_order=order
            )
            report.add("uppgift", name)


def ensure_register(report):
    ensure_terms(DocumentType, DOCUMENT_TYPES, report)
    ensure_terms(Topic, TOPICS, report)
    ensure_tasks(report)
    ensure_terms(DecisionBody, DECISION_BODIES, report)
    ensure_register_page(report)
    ensure_approval_workflow(report)
