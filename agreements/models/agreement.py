"""The agreement register: agreements between the region and the municipalities.

An ``Agreement`` is a Wagtail snippet (not a page) because it is a record with structured
metadata that is listed, filtered and exported far more than it is navigated; it still gets
drafts, revisions, locking, scheduled publishing, previews and the approval workflow through
Wagtail's mixins. Its public URL is ``/avtal/<slug>/``, served by ``AgreementIndexPage``.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Lower
from django.db.models.lookups import IsNull
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from agreements.forms import AgreementAdminForm
from core.admin_widgets import NativePublishingPanel
from pages.blocks import BodyBlock
from pages.models.sections import SectionPage

# Sub-URLs of the register that an agreement's slug must never shadow.
RESERVED_SLUGS = {"export.csv", "export", "api", "flode", "sok", "remisser"}

# Characters of attachment text indexed with an agreement: well inside PostgreSQL's limit
# for one tsvector, whatever the number of attachments.
MAX_INDEXED_TEXT = 300_000

# How far ahead the "Att revidera" list looks.
REVIEW_WINDOW_DAYS = 90


class Taxonomy(models.Model):
    """An editable list of terms (kommunikatören maintains them in the admin).

    Shared shape for document types, topics and decision bodies: a name and a stable slug
    that public filter URLs use, so renaming a term keeps bookmarked URLs working only if
    the slug is left alone (the admin warns about that in the help text).
    """

    name = models.CharField("Namn", max_length=100, unique=True)
    slug = models.SlugField(
        "Kortnamn",
        max_length=100,
        unique=True,
        blank=True,
        help_text="Används i adresser till filtrerade listor. Ändra inte i onödan: "
        "sparade länkar slutar då att fungera.",
    )
    sort_order = models.PositiveSmallIntegerField("Sorteringsordning", default=100)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


class DocumentType(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "dokumenttyp"
        verbose_name_plural = "dokumenttyper"


class Topic(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "område"
        verbose_name_plural = "områden"


class DecisionBody(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "beslutsinstans"
        verbose_name_plural = "beslutsinstanser"


class Level(models.TextChoices):
    COUNTY = "county", "Länsnivå"
    SUBREGIONAL = "subregional", "Delregional nivå"
    LOCAL = "local", "Lokal nivå"


class Status(models.TextChoices):
    """Derived from the stage, dates and the version chain; never stored, never typed."""

    UPCOMING = "kommande", "Kommande"
    IN_FORCE = "gallande", "Gällande"
    EXPIRED = "upphort", "Upphört"
    REPLACED = "ersatt", "Ersatt"
    CONSULTATION = "remiss", "På remiss"
    WITHDRAWN = "tillbakadraget", "Tillbakadraget förslag"


class Stage(models.TextChoices):
    """Where an agreement is in its life: a proposal out for consultation, decided, or a
    proposal that was withdrawn. A proposal becomes the decided agreement on the same
    record, so its revisions and log keep the history."""

    CONSULTATION = "remiss", "Förslag på remiss"
    DECIDED = "beslutat", "Beslutat"
    WITHDRAWN = "tillbakadraget", "Förslaget har dragits tillbaka"


# A proposal's status is its stage; only a decided agreement has a dated status.
STAGE_STATUS = {Stage.CONSULTATION: Status.CONSULTATION, Stage.WITHDRAWN: Status.WITHDRAWN}


def swedish_order(field):
    """``field`` in Swedish alphabetical order (… X, Y, Z, Å, Ä, Ö), on any PostgreSQL:
    lower-cased, with Å, Ä, Ö (and Æ, Ø as Ä, Ö) turned into the characters that follow
    "z", to be compared byte by byte (collation "C"), so no language collation of the server
    is needed (the embedded PostgreSQL of `make run` has none). An agreement keeps it for
    its title in ``title_order``."""
    return Func(Lower(field), Value("åäöæøéü"), Value("{|}|}ey"), function="TRANSLATE")


def started(today):
    """Condition: the agreement has started to apply (no start date, or one reached)."""
    return Q(valid_from__isnull=True) | Q(valid_from__lte=today)


def replacements(today):
    """The published, decided agreements that have started to apply: each in place of the
    agreement it replaces."""
    return Agreement.objects.filter(started(today), live=True, stage=Stage.DECIDED)


def successors_in_force(today):
    """The replacements of the agreement ``OuterRef("pk")`` that have started to apply."""
    return replacements(today).filter(replaces=OuterRef("pk"))


def replaced(today):
    """Condition: a published, decided successor of the agreement has started to apply."""
    return Exists(successors_in_force(today))


def applicable_condition(municipality):
    """What applies to one municipality: county-level agreements, its section's agreements
    that do not name specific municipalities, and any agreement naming it.

    Written with EXISTS rather than a join on the municipalities, so that each agreement
    stays one row (no DISTINCT).
    """
    named = Agreement.municipalities.through.objects.filter(agreement=OuterRef("pk"))
    return (
        Q(level=Level.COUNTY)
        | Q(Exists(named.filter(municipality=municipality)))
        | Q(section_id=municipality.section_id) & ~Q(Exists(named))
    )


@dataclass
class Passage:
    """One block of a web version with its anchor: ``avsnitt-<heading>`` for a heading
    (from its text, so a link survives edits elsewhere and works in the next version
    too), ``<chapter's anchor>-stycke-<n>`` for the n-th other block of a chapter."""

    block: object
    anchor: str
    number: int = 0  # of a paragraph within its chapter; 0 for a heading
    chapter: str = ""  # the heading of the chapter the passage is in

    @property
    def is_heading(self):
        return self.block.block_type == "heading"

    @property
    def is_chapter(self):
        return self.is_heading and self.block.value["level"] == "h2"

    @property
    def text(self):
        return self.block.value["text"] if self.is_heading else ""


def passages(body):
    """The ``Passage`` of every block of ``body`` (a StreamField value), in order."""
    result, used, chapter_anchor, chapter, number = [], set(), "", "", 0
    for block in body:
        if block.block_type == "heading":
            base = "avsnitt-" + (slugify(block.value["text"]) or "rubrik")
            anchor, n = base, 2
            while anchor in used:
                anchor, n = f"{base}-{n}", n + 1
            used.add(anchor)
            if block.value["level"] == "h2":
                chapter_anchor, chapter, number = anchor, block.value["text"], 0
            result.append(Passage(block, anchor, chapter=chapter))
        else:
            number += 1
            prefix = f"{chapter_anchor}-" if chapter_anchor else ""
            result.append(Passage(block, f"{prefix}stycke-{number}", number, chapter))
    return result


class AgreementQuerySet(models.QuerySet):
    def public(self):
        """What a visitor may see: published agreements only (drafts live in revisions)."""
        return self.filter(live=True)

    def with_status(self, today=None):
        """Annotate ``status_code`` in SQL, so lists can show, filter and sort on it.

        Precedence: a proposal's stage (På remiss, Tillbakadraget förslag), then Ersatt (a
        published successor has started to apply) beats Upphört (end date passed) beats
        Kommande (start date ahead); everything else is Gällande.
        """
        today = today or timezone.localdate()
        return self.annotate(
            status_code=Case(
                *[
                    When(stage=stage, then=Value(status.value))
                    for stage, status in STAGE_STATUS.items()
                ],
                # The first such successor's id rather than EXISTS: PostgreSQL answers an
                # EXISTS in the select list by hashing every agreement's successors before
                # the first row, even when a page of 50 rows is all that is read.
                When(
                    IsNull(Subquery(successors_in_force(today).order_by().values("pk")[:1]), False),
                    then=Value(Status.REPLACED.value),
                ),
                When(valid_to__lt=today, then=Value(Status.EXPIRED.value)),
                When(valid_from__gt=today, then=Value(Status.UPCOMING.value)),
                default=Value(Status.IN_FORCE.value),
                output_field=models.CharField(),
            ),
            # The first start date of a published successor: when the agreement was
            # replaced, which its validity text tells (see ``validity.validity_text``).
            successor_from=Subquery(
                Agreement.objects.filter(replaces=OuterRef("pk"), live=True, stage=Stage.DECIDED)
                .exclude(valid_from__isnull=True)
                .order_by("valid_from")
                .values("valid_from")[:1]
            ),
        )

    def with_status_code(self, code, today=None):
        """Only agreements with one status: the rules of ``with_status`` as conditions on
        the agreement's own columns, which the database answers with its date index
        rather than working out the status of every agreement."""
        today = today or timezone.localdate()
        code = Status(code)
        stages = {status: stage for stage, status in STAGE_STATUS.items()}
        if code in stages:
            return self.filter(stage=stages[code])
        decided = self.filter(stage=Stage.DECIDED)
        if code == Status.REPLACED:
            return decided.filter(replaced(today))
        not_replaced = decided.exclude(replaced(today))
        if code == Status.EXPIRED:
            return not_replaced.filter(valid_to__lt=today)
        not_expired = not_replaced.exclude(valid_to__lt=today)
        if code == Status.UPCOMING:
            return not_expired.filter(valid_from__gt=today)
        return not_expired.exclude(valid_from__gt=today)

    def with_replacement(self, today=None):
        """Annotate ``replacement_title`` and ``replacement_slug``: the agreement that has
        replaced each one (the first to start, see ``replacements``), so that a list says
        "Ersatt av …" in its own query."""
        found = replacements(today or timezone.localdate()).filter(replaces=OuterRef("pk"))
        first = found.order_by("valid_from", "pk")
        return self.annotate(
            replacement_title=Subquery(first.values("title")[:1]),
            replacement_slug=Subquery(first.values("slug")[:1]),
        )

    def with_names(self):
        """Annotate ``type_name``, ``type_slug``, ``owner_name`` and ``owner_slug``: what a
        list shows of an agreement's document type and owning section, as values in its own
        query. Subqueries rather than joins: PostgreSQL works them out only for the rows it
        returns, after ranking or paging, while joins are planned and run for every match
        (docs/performance.md, "Fifth round")."""
        types = DocumentType.objects.filter(pk=OuterRef("document_type_id")).order_by()
        owners = SectionPage.objects.filter(pk=OuterRef("section_id")).order_by()
        return self.annotate(
            type_name=Subquery(types.values("name")),
            type_slug=Subquery(types.values("slug")),
            owner_name=Subquery(owners.values("short_name")),
            owner_slug=Subquery(owners.values("slug")),
        )

    def with_decision_progress(self):
        """Annotate what ``Agreement.decision_progress`` needs, so a list reads it in SQL."""
        from .life import decision_progress_annotations

        return self.annotate(**decision_progress_annotations())

    def due_for_review(self, today=None):
        """Agreements an editor should look at now ("Att revidera").

        Review date within the window or already passed, or end date within the window
        either side of today. Replaced agreements are left out (their successor is in
        place), and so are agreements that ended longer ago than the window: they are
        history, and listing them forever would bury what needs attention.

        Conditions on the agreement's own columns (as ``with_status_code``), not on the
        status annotation, which the database would work out for every agreement first.
        """
        today = today or timezone.localdate()
        window = datetime.timedelta(days=REVIEW_WINDOW_DAYS)
        return (
            self.filter(stage=Stage.DECIDED)
            .exclude(replaced(today))
            .exclude(valid_to__lt=today - window)
            .filter(Q(review_by__lte=today + window) | Q(valid_to__lte=today + window))
        )


class Agreement(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """An agreement, överenskommelse, riktlinje, rutin … between region and municipalities.

    ``section`` decides who may edit it: whoever may edit the section's pages may edit the
    section's agreements (see the permission policy). Status is derived (see
    ``AgreementQuerySet.with_status``); only "Under revidering" is an editor's flag.
    """

    title = models.CharField("Titel", max_length=255)
    # The title's key in Swedish order, written by PostgreSQL with the row: the register, its
    # API and export sort and page on it (and its indexes) without working it out per row.
    # Not part of revisions, which hold what editors wrote.
    title_order = models.GeneratedField(
        expression=swedish_order("title"),
        output_field=models.CharField(max_length=255, db_collation="C"),
        db_persist=True,
        serialize=False,
    )
    slug = models.SlugField(
        "Kortadress",
        max_length=120,
        unique=True,
        help_text="Ger den fasta adressen /avtal/<kortadress>/. Ändra inte efter publicering.",
    )
    document_type = models.ForeignKey(
        DocumentType, verbose_name="Dokumenttyp", on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField("Nivå", max_length=20, choices=Level.choices, default=Level.COUNTY)
    section = models.ForeignKey(
        "pages.SectionPage",
        verbose_name="Ägare (sektion)",
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text="Sektionen som äger avtalet. Den sektionens redaktörer får redigera det.",
    )
    municipalities = ParentalManyToManyField(
        "pages.Municipality",
        verbose_name="Gäller för kommuner",
        blank=True,
        related_name="agreements",
        help_text="Lämna tomt om avtalet gäller alla kommuner som ägarsektionen omfattar "
        "(för länsnivå: alla 49).",
    )
    parties = models.CharField(
        "Parter",
        max_length=300,
        blank=True,
        help_text="T.ex. ”Västra Götalandsregionen och Västra Götalands 49 kommuner”.",
    )
    topics = ParentalManyToManyField(
        Topic, verbose_name="Områden", blank=True, related_name="agreements"
    )
    decided_by = models.ForeignKey(
        DecisionBody,
        verbose_name="Beslutsinstans",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField("Beslutsdatum", null=True, blank=True)
    registration_number = models.CharField("Diarienummer", max_length=100, blank=True)
    valid_from = models.DateField("Gäller från", null=True, blank=True)
    valid_to = models.DateField(
        "Gäller till", null=True, blank=True, help_text="Lämna tomt om avtalet gäller tills vidare."
    )
    review_by = models.DateField(
        "Revideras senast",
        null=True,
        blank=True,
        help_text="Avtalet visas under ”Att revidera” 90 dagar innan.",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name="Ersätter",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        help_text="Den tidigare versionen. Den visas som ersatt när denna börjar gälla.",
    )
    legal_basis = models.CharField(
        "Lagrum", max_length=300, blank=True, help_text="T.ex. ”Lag (2017:612)”."
    )
    whats_new = models.TextField(
        "Vad är nytt",
        max_length=2000,
        blank=True,
        help_text="Krävs när avtalet ersätter en tidigare version: vad som har ändrats, "
        "i några meningar. Citeras i prenumeranternas utskick.",
    )
    under_revision = models.BooleanField(
        "Under revidering",
        default=False,
        help_text="Markera när en ny version tas fram. Visas för besökarna.",
    )
    stage = models.CharField(
        "Skede",
        max_length=20,
        choices=Stage.choices,
        default=Stage.DECIDED,
        help_text="Ett förslag på remiss blir samma avtal när det har beslutats: ändra "
        "skedet till ”Beslutat” och fyll i beslut och giltighet. Historiken finns kvar.",
    )
    consultation_deadline = models.DateField("Sista dag för remissvar", null=True, blank=True)
    consultation_parties = models.TextField(
        "Remissen går till",
        max_length=2000,
        blank=True,
        help_text="De parter som ombeds svara, t.ex. ”Länets 49 kommuner och "
        "Västra Götalandsregionens nämnder”.",
    )
    consultation_reply_to = models.CharField(
        "Svaren skickas till",
        max_length=300,
        blank=True,
        help_text="E-postadress eller adress dit remissvaren skickas.",
    )
    needs_party_decisions = models.BooleanField(
        "Kräver beslut av varje part",
        default=False,
        help_text="För avtal som regionen och varje kommun beslutar om var för sig. "
        "Partsbesluten registreras under Avtalsregister › Partsbeslut.",
    )
    summary = models.TextField("Sammanfattning", max_length=2000)
    body = StreamField(
        BodyBlock(),
        verbose_name="Webbversion",
        blank=True,
        help_text="Avtalets text i webbformat. Rubriker på nivå 2 blir kapitel i "
        "innehållsförteckningen.",
    )
    contact = models.ForeignKey(
        "pages.Contact",
        verbose_name="Kontaktperson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AgreementQuerySet.as_manager()
    base_form_class = AgreementAdminForm

    panels = [
        TitleFieldPanel("title"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_type"), FieldPanel("level")]),
                # A plain select of sections (not a page chooser): the form narrows it to
                # the sections the editor may work in.
                FieldPanel("section", widget=forms.Select),
                FieldPanel("municipalities", widget=forms.CheckboxSelectMultiple),
                FieldPanel("parties"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Vad och för vem",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("decided_by"), FieldPanel("decided_on")]),
                FieldPanel("registration_number"),
                FieldPanel("legal_basis"),
                FieldPanel("needs_party_decisions"),
            ],
            heading="Beslut",
        ),
        MultiFieldPanel(
            [
                FieldPanel("stage"),
                FieldPanel("consultation_deadline"),
                FieldPanel("consultation_parties"),
                FieldPanel("consultation_reply_to"),
            ],
            heading="Remiss",
            help_text="Dokumenten som skickas på remiss läggs under Dokument med rollen "
            "Remissunderlag, kontaktpersonen är avtalets kontaktperson.",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("valid_from"), FieldPanel("valid_to"), FieldPanel("review_by")]
                ),
                FieldPanel("replaces"),
                FieldPanel("whats_new"),
                FieldPanel("under_revision"),
            ],
            heading="Giltighet och versioner",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label="Dokument", heading="Dokument"),
        FieldPanel("contact"),
        NativePublishingPanel(),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("parties"),
        index.SearchField("registration_number"),
        index.AutocompleteField("registration_number"),
        index.SearchField("legal_basis"),
        index.RelatedFields("document_type", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name", boost=2)]),
        index.RelatedFields("decided_by", [index.SearchField("name")]),
        index.SearchField("attachment_text"),
        index.FilterField("live"),
        index.FilterField("level"),
        index.FilterField("section_id"),
    ]

    class Meta:
        verbose_name = "avtal eller överenskommelse"
        verbose_name_plural = "avtal och överenskommelser"
        ordering = ["title"]
        indexes = [
            models.Index(fields=["live", "valid_from", "valid_to"]),
            models.Index(fields=["review_by"]),
            # The register, its API and export in Swedish title order (agreements.filters).
            models.Index(fields=["title_order", "id"], name="agreement_swedish_title"),
            # The register's other orders ("Senast beslutade först", "Senast börjat gälla
            # först"): a page of them read from an index instead of a sort of every match.
            *(
                models.Index(
                    F(field).desc(nulls_last=True),
                    F("title_order"),
                    name=f"agreement_{field}_order",
                )
                for field in ("decided_on", "valid_from")
            ),
            # The Atom feed, newest publication first.
            models.Index(fields=["-last_published_at"], name="agreement_last_published"),
            # The admin listing in plain title order.
            models.Index(fields=["title"], name="agreement_title"),
            # Counts of what applies read the status columns from these indexes alone, not
            # from the wide rows: the register's and its API's, a section panel's (its own
            # agreements, the county-level ones).
            models.Index(
                fields=["id"],
                include=["stage", "valid_from", "valid_to", "level", "section", "document_type"],
                condition=models.Q(live=True),
                name="agreement_live_status",
            ),
            *(
                models.Index(
                    fields=[field, "id"],
                    include=["stage", "valid_from", "valid_to"],
                    condition=models.Q(live=True),
                    name=f"agreement_live_{field}_status",
                )
                for field in ("section", "level")
            ),
        ]

    @classmethod
    def get_indexed_objects(cls):
        # The topics of every agreement in one query per batch while the search index is
        # built (the search framework selects the document type itself, but not the
        # topics of a ParentalManyToManyField).
        return super().get_indexed_objects().prefetch_related("topics")

    def __str__(self):
        return self.title

    # -- validation ------------------------------------------------------------------------

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = "Kortadressen är reserverad för registret. Välj en annan."
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "”Gäller till” kan inte vara före ”Gäller från”."
        if self.replaces_id and self.pk and self.replaces_id == self.pk:
            errors["replaces"] = "Ett avtal kan inte ersätta sig självt."
        elif self.replaces_id and self.pk and self._replacement_loops():
            errors["replaces"] = "Versionskedjan får inte gå i cirkel."
        if self.replaces_id and not self.whats_new.strip():
            errors["whats_new"] = "Beskriv vad som är nytt jämfört med versionen som ersätts."
        if self.stage == Stage.CONSULTATION:
            if not self.consultation_deadline:
                errors["consultation_deadline"] = "Ange sista dag för remissvar."
            if not self.consultation_parties.strip():
                errors["consultation_parties"] = "Ange vilka parter remissen går till."
        if errors:
            raise ValidationError(errors)

    def _replacement_loops(self):
        seen = {self.pk}
        current = self.replaces_id
        while current:
            if current in seen:
                return True
            seen.add(current)
            current = (
                Agreement.objects.filter(pk=current).values_list("replaces_id", flat=True).first()
            )
        return False

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Wagtail indexes an object as it is saved, before modelcluster saves its topics and
        # attachments: index it again with them.
        index.insert_or_update_object(self)

    def attachment_text(self):
        """The text inside the attachments, indexed with the agreement so that a word found
        only in a PDF leads to the agreement (apps that read documents answer the
        ``document_text`` hook with ``[text]`` for document ids)."""
        ids = [attachment.document_id for attachment in self.attachments.all()]
        texts = [text for hook in hooks.get_hooks("document_text") for text in hook(ids)]
        return "\n".join(texts)[:MAX_INDEXED_TEXT] if ids else ""

    # -- derived values (the detail page and previews read these) ---------------------------

    @cached_property
    def status(self):
        """The derived Status; uses the SQL annotation when the queryset provided one."""
        code = getattr(self, "status_code", None)
        if code is None:
            today = timezone.localdate()
            if self.stage in STAGE_STATUS:
                code = STAGE_STATUS[Stage(self.stage)]
            elif any(s.valid_from is None or s.valid_from <= today for s in self.successors):
                code = Status.REPLACED
            elif self.valid_to and self.valid_to < today:
                code = Status.EXPIRED
            elif self.valid_from and self.valid_from > today:
                code = Status.UPCOMING
            else:
                code = Status.IN_FORCE
        return Status(code)

    @cached_property
    def later_versions(self):
        """The published agreements and proposals that name this one in "Ersätter"."""
        return list(self.replaced_by.filter(live=True)) if self.pk else []

    @property
    def successors(self):
        """The published, decided agreements that replace this one."""
        return [a for a in self.later_versions if a.stage == Stage.DECIDED]

    @property
    def proposals(self):
        """Published proposals on consultation that would replace this one."""
        return [a for a in self.later_versions if a.stage == Stage.CONSULTATION]

    @property
    def is_consultation(self):
        return self.stage == Stage.CONSULTATION

    @property
    def consultation_closed(self):
        """The deadline for answers has passed (the proposal awaits its decision)."""
        deadline = self.consultation_deadline
        return bool(deadline and deadline < timezone.localdate())

    # -- each party's decision -------------------------------------------------------------

    def decision_parties(self):
        """The municipalities that are parties besides the region: those it names, else
        all 49 for a county-level agreement, else those of the owning section."""
        from pages.models import Municipality

        named = list(self.municipalities.all())
        if named:
            return named
        if self.level == Level.COUNTY:
            return list(Municipality.objects.all())
        return list(Municipality.objects.filter(section_id=self.section_id))

    @cached_property
    def decision_progress(self):
        """``DecisionProgress`` ("38 av 50 parter har beslutat"), or None when the
        agreement does not need each party's decision. Uses the SQL annotations of
        ``with_decision_progress`` when the queryset provided them."""
        from .life import DecisionProgress, municipality_counts

        if not self.needs_party_decisions:
            return None
        decided = getattr(self, "decision_count", None)
        if decided is None:
            decided = self.decisions.count() if self.pk else 0
        named = getattr(self, "named_count", None)
        if named is None:
            named = len(self.municipalities.all())
        scope = None if self.level == Level.COUNTY else self.section_id
        return DecisionProgress(decided, 1 + (named or municipality_counts().get(scope, 0)))

    @cached_property
    def decision_table(self):
        """``(party name, decision or None)`` for the region and every municipality that
        is a party, the region first: who has decided and who has not."""
        from .life import REGION

        decisions = (
            {d.municipality_id: d for d in self.decisions.select_related("body", "document")}
            if self.pk
            else {}
        )
        rows = [(REGION, decisions.get(None))]
        rows += [(m.name, decisions.get(m.pk)) for m in self.decision_parties()]
        return rows

    @property
    def predecessor(self):
        """The published agreement this one replaces, if any."""
        return self.replaces if self.replaces_id and self.replaces.live else None

    @property
    def replaced_on(self):
        """The last day a replaced agreement applied: the day before a successor started
        (from the ``with_status`` annotation when the queryset provided it)."""
        if hasattr(self, "successor_from"):
            start = self.successor_from
        else:
            start = min((s.valid_from for s in self.successors if s.valid_from), default=None)
        return start - datetime.timedelta(days=1) if start else None

    @property
    def validity_text(self):
        """Validity in plain Swedish, the same in every place that shows it (register,
        detail page, exports, admin): see ``agreements.validity``."""
        from agreements.validity import validity_text

        return validity_text(self)

    @cached_property
    def documents(self):
        """The attachments with their documents."""
        return list(self.attachments.select_related("document"))

    @cached_property
    def body_blocks(self):
        """The web version as passages (see ``passages``): every heading and paragraph
        with a stable anchor; level-2 headings are the chapters of a long agreement."""
        return passages(self.body)

    @property
    def chapters(self):
        return [(p.anchor, p.text) for p in self.body_blocks if p.is_chapter]

    # -- URLs and preview ------------------------------------------------------------------

    def get_url(self, request=None):
        """The agreement's page, /avtal/<slug>/, or None without a published register."""
        from .register_page import AgreementIndexPage

        index_page = AgreementIndexPage.for_request(request)
        return f"{index_page.get_url(request)}{self.slug}/" if index_page else None

    url = property(get_url)

    def get_full_url(self, request=None):
        """The agreement's page with scheme and host, or None."""
        from .register_page import AgreementIndexPage

        index_page = AgreementIndexPage.for_request(request)
        return f"{index_page.get_full_url(request)}{self.slug}/" if index_page else None

    def frontend_cache_urls(self):
        """Full URLs a CDN or reverse proxy must forget when this agreement is published or
        unpublished (core.caching purges them; nothing happens without a configured
        WAGTAILFRONTENDCACHE backend): its detail page and the register that lists it."""
        from .register_page import AgreementIndexPage

        index_page = AgreementIndexPage.for_request(None)
        if index_page is None:
            return []
        return [index_page.full_url, f"{index_page.full_url}{self.slug}/"]

    def get_preview_template(self, request, mode_name):
        return "agreements/agreement_detail.html"

    def get_preview_context(self, request, mode_name):
        from .register_page import AgreementIndexPage

        page = AgreementIndexPage.for_request(request)
        return {
            **super().get_preview_context(request, mode_name),
            **(page.agreement_context(self, request) if page else {"agreement": self}),
        }


class AgreementAttachment(Orderable):
    """A document belonging to an agreement, with its role (main document, appendix …)."""

    class Role(models.TextChoices):
        MAIN = "huvuddokument", "Huvuddokument"
        APPENDIX = "bilaga", "Bilaga"
        GUIDELINE = "riktlinje", "Riktlinje"
        ROUTINE = "rutin", "Rutin"
        CONSULTATION = "remissunderlag", "Remissunderlag"

    agreement = ParentalKey(Agreement, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="Dokument", on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField("Roll", max_length=20, choices=Role.choices, default=Role.MAIN)
    title = models.CharField(
        "Visad titel",
        max_length=255,
        blank=True,
        help_text="Lämna tomt för att visa dokumentets egen titel.",
    )

    panels = [FieldRowPanel([FieldPanel("document"), FieldPanel("role")]), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "dokument"
        verbose_name_plural = "dokument"

    @property
    def display_title(self):
        return self.title or self.document.title
