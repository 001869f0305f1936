"""The Documento Territoriale di Indirizzo of an ATS and the calls (Avvisi)
that implement it, with every rule a call sets as data of the call."""

from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import StatusModel, TimeStampedModel

#: Shares are percentages with two decimals (30.00 = 30%).
PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class GuidanceStatus(models.TextChoices):
    DRAFT = "draft", _("In redazione")
    ADOPTED = "adopted", _("Adottato")


#: The sections of a DTI, in the order the document presents them.
GUIDANCE_SECTIONS = (
    "context",
    "strategies",
    "priority_actions",
    "resources",
    "network_integration",
    "time_policies",
)


class GuidanceDocument(TimeStampedModel, StatusModel):
    """Documento Territoriale di Indirizzo: the committee's analysis and
    strategy for an ATS in a period, adopted by an act of the ATS."""

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        GuidanceStatus.DRAFT: frozenset({GuidanceStatus.ADOPTED}),
        GuidanceStatus.ADOPTED: frozenset(),
    }

    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="guidance_documents",
        verbose_name=_("ATS"),
    )
    period = models.ForeignKey(
        "territory.ProgrammingPeriod",
        on_delete=models.PROTECT,
        related_name="guidance_documents",
        verbose_name=_("periodo di programmazione"),
    )
    title = models.CharField(_("titolo"), max_length=255)
    status = models.CharField(
        _("stato"), max_length=20, choices=GuidanceStatus, default=GuidanceStatus.DRAFT
    )
    context = models.TextField(_("contesto e analisi dei bisogni"), blank=True)
    strategies = models.TextField(_("strategie"), blank=True)
    priority_actions = models.TextField(_("azioni prioritarie"), blank=True)
    resources = models.TextField(_("risorse"), blank=True)
    network_integration = models.TextField(
        _("integrazione con altre reti (WHP e altre)"), blank=True
    )
    time_policies = models.TextField(_("politiche temporali"), blank=True)
    act_number = models.CharField(
        _("numero dell'atto di adozione"), max_length=50, blank=True
    )
    act_date = models.DateField(_("data dell'atto di adozione"), null=True, blank=True)
    act_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("atto di adozione"),
    )
    adopted_at = models.DateTimeField(_("adottato il"), null=True, blank=True)

    class Meta:
        verbose_name = _("Documento Territoriale di Indirizzo")
        verbose_name_plural = _("Documenti Territoriali di Indirizzo")
        ordering = ["-period__starts_on", "ats__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ats", "period"], name="calls_guidance_one_per_ats_period"
            ),
            models.CheckConstraint(
                condition=Q(status__in=GuidanceStatus.values),
                name="calls_guidance_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=GuidanceStatus.DRAFT)
                | (
                    Q(adopted_at__isnull=False, act_date__isnull=False)
                    & ~Q(act_number="")
                ),
                name="calls_guidance_adopted_has_act",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "calls:guidance-detail",
            kwargs={"ats": self.ats.slug, "period": self.period.slug},
        )

    @property
    def is_adopted(self) -> bool:
        return self.status == GuidanceStatus.ADOPTED


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("In preparazione")
    PUBLISHED = "published", _("Pubblicato")
    CLOSED = "closed", _("Chiuso")
    IN_EVALUATION = "in_evaluation", _("In valutazione")
    RANKED = "ranked", _("Graduatoria approvata")


class ScoreMethod(models.TextChoices):
    """How the committee's score of an application is formed from its evaluators'."""

    CONSENSUS = "consensus", _("Punteggio concordato dal Comitato")
    MEAN = "mean", _("Media dei punteggi dei valutatori")


#: Tie-breaks, in order: ``criterion:<position>`` (the higher score on that
#: criterion), ``submitted_at`` (the earlier submission), ``lower_grant`` (the
#: smaller grant requested), ``higher_cofinancing`` (the larger co-financing share).
TIE_BREAKER_KINDS = ("criterion", "submitted_at", "lower_grant", "higher_cofinancing")


def default_tie_breakers() -> list[str]:
    """The issue's example: the higher score on the first criterion, then the
    earlier submission."""
    return ["criterion:1", "submitted_at"]


class CallQuerySet(models.QuerySet["Call"]):
    def open_at(self, moment: datetime) -> "CallQuerySet":
        """The calls that accept applications at ``moment`` (``is_open_at``)."""
        return self.filter(
            status=CallStatus.PUBLISHED, opens_at__lte=moment, closes_at__gt=moment
        )


class Call(TimeStampedModel, StatusModel):
    """An Avviso of an ATS for the projects of its alliances.

    Every rule that no source fixes is a field here (or in its composition
    rules, criteria and required attachments), filled from the documented
    example when the call is created.
    """

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        CallStatus.DRAFT: frozenset({CallStatus.PUBLISHED}),
        CallStatus.PUBLISHED: frozenset({CallStatus.CLOSED}),
        CallStatus.CLOSED: frozenset({CallStatus.IN_EVALUATION}),
        CallStatus.IN_EVALUATION: frozenset({CallStatus.RANKED}),
        CallStatus.RANKED: frozenset(),
    }

    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("ATS"),
    )
    period = models.ForeignKey(
        "territory.ProgrammingPeriod",
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("periodo di programmazione"),
    )
    guidance = models.ForeignKey(
        GuidanceDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("Documento Territoriale di Indirizzo attuato"),
    )
    title = models.CharField(_("titolo"), max_length=255)
    description = models.TextField(_("descrizione"), blank=True)
    status = models.CharField(
        _("stato"), max_length=20, choices=CallStatus, default=CallStatus.DRAFT
    )
    act_number = models.CharField(
        _("numero dell'atto di approvazione"), max_length=50, blank=True
    )
    act_date = models.DateField(
        _("data dell'atto di approvazione"), null=True, blank=True
    )
    act_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("testo dell'avviso"),
    )
    total_budget = models.DecimalField(
        _("dotazione complessiva (EUR)"), max_digits=12, decimal_places=2
    )
    system_action_share = models.DecimalField(
        _("quota per l'azione di sistema (% della dotazione)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20.00"),
        validators=PERCENT_VALIDATORS,
    )
    projects_budget = models.DecimalField(
        _("quota per i progetti delle alleanze (EUR)"), max_digits=12, decimal_places=2
    )
    system_action_budget = models.DecimalField(
        _("quota per l'azione di sistema dell'ATS (EUR)"),
        max_digits=12,
        decimal_places=2,
    )
    opens_at = models.DateTimeField(_("apertura delle domande"))
    closes_at = models.DateTimeField(_("scadenza delle domande"))
    areas = models.ManyToManyField(
        "territory.InterventionArea",
        related_name="calls",
        verbose_name=_("aree di intervento ammesse"),
    )
    composition_rules = models.OneToOneField(
        "partnerships.CompositionRules",
        on_delete=models.PROTECT,
        related_name="call",
        verbose_name=_("regole di composizione del partenariato"),
    )
    min_cofinancing_share = models.DecimalField(
        _("cofinanziamento minimo (% del costo totale)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30.00"),
        validators=PERCENT_VALIDATORS,
        help_text=_("Quota del costo totale del progetto coperta dai partner."),
    )
    min_grant = models.DecimalField(
        _("contributo minimo richiedibile (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
    )
    max_grant = models.DecimalField(
        _("contributo massimo richiedibile (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("50000.00"),
    )
    activities_end_by = models.DateField(_("termine ultimo delle attività"))
    min_score = models.DecimalField(
        _("punteggio minimo per il finanziamento"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("60.00"),
    )
    score_method = models.CharField(
        _("punteggio della domanda"),
        max_length=12,
        choices=ScoreMethod,
        default=ScoreMethod.CONSENSUS,
    )
    min_evaluators = models.PositiveSmallIntegerField(
        _("valutatori per domanda"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_("Quanti componenti del Comitato valutano ogni domanda."),
    )
    clarification_days = models.PositiveSmallIntegerField(
        _("giorni per rispondere al soccorso istruttorio"),
        default=10,
        validators=[MinValueValidator(1)],
    )
    tie_breakers = models.JSONField(
        _("criteri di parità in graduatoria"),
        default=default_tie_breakers,
        blank=True,
    )
    allow_partial_funding = models.BooleanField(
        _("finanziamento parziale dell'ultima domanda finanziabile"),
        default=True,
        help_text=_(
            "Se i fondi residui non coprono l'intero contributo richiesto, "
            "l'ultima domanda finanziabile riceve il residuo."
        ),
    )
    published_at = models.DateTimeField(_("pubblicato il"), null=True, blank=True)
    closed_at = models.DateTimeField(_("chiuso il"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("creato da"),
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("avviso")
        verbose_name_plural = _("avvisi")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CallStatus.values),
                name="calls_call_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="calls_call_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(
                    total_budget=F("projects_budget") + F("system_action_budget"),
                    projects_budget__gte=0,
                    system_action_budget__gte=0,
                ),
                name="calls_call_budget_split",
            ),
            models.CheckConstraint(
                condition=Q(min_grant__gte=0, max_grant__gte=F("min_grant")),
                name="calls_call_grant_limits",
            ),
            models.CheckConstraint(
                condition=Q(
                    min_cofinancing_share__gte=0, min_cofinancing_share__lte=100
                ),
                name="calls_call_cofinancing_share_percent",
            ),
            models.CheckConstraint(
                condition=Q(status=CallStatus.DRAFT) | Q(published_at__isnull=False),
                name="calls_call_published_has_timestamp",
            ),
            models.CheckConstraint(
                condition=Q(score_method__in=ScoreMethod.values),
                name="calls_call_score_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(min_evaluators__gte=1, clarification_days__gte=1),
                name="calls_call_evaluation_parameters_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-opens_at"], name="calls_call_status_idx")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:call-detail", kwargs={"pk": self.pk})

    def is_open_at(self, moment: datetime) -> bool:
        """Applications may be submitted at ``moment`` (published, in the window)."""
        return (
            self.status == CallStatus.PUBLISHED
            and self.opens_at <= moment < self.closes_at
        )

    def is_amendable_at(self, moment: datetime) -> bool:
        """A published call may be amended until its close time."""
        return self.status == CallStatus.PUBLISHED and moment < self.closes_at

    def is_closed_at(self, moment: datetime) -> bool:
        """Past its close time (whether or not the closing has been recorded)."""
        return self.status != CallStatus.DRAFT and moment >= self.closes_at

    def is_reviewable_at(self, moment: datetime) -> bool:
        """Its admissibility check may start at ``moment``: closed, or
        published past its close time (closed first, then reviewed)."""
        return self.status == CallStatus.CLOSED or (
            self.status == CallStatus.PUBLISHED and self.is_closed_at(moment)
        )

    def public_status_at(self, moment: datetime) -> str:
        """The status people should read at ``moment``: a published call past its
        close time is closed, even before the closing task has run."""
        if self.status == CallStatus.PUBLISHED and moment >= self.closes_at:
            return str(CallStatus.CLOSED.label)
        if self.status == CallStatus.PUBLISHED and moment < self.opens_at:
            return str(_("Di prossima apertura"))
        return self.status_label


class EvaluationCriterion(models.Model):
    """A criterion the committee scores (name, maximum points, weight)."""

    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("avviso"),
    )
    position = models.PositiveSmallIntegerField(_("ordine"))
    name = models.CharField(_("criterio"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    max_points = models.DecimalField(
        _("punteggio massimo"), max_digits=6, decimal_places=2
    )
    weight = models.DecimalField(
        _("peso"), max_digits=5, decimal_places=2, default=Decimal("1.00")
    )

    class Meta:
        verbose_name = _("criterio di valutazione")
        verbose_name_plural = _("criteri di valutazione")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "position"], name="calls_criterion_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0, weight__gt=0),
                name="calls_criterion_points_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RequiredAttachment(models.Model):
    """An attachment the call asks every application for."""

    call = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        related_name="required_attachments",
        verbose_name=_("avviso"),
    )
    position = models.PositiveSmallIntegerField(_("ordine"))
    name = models.CharField(_("allegato"), max_length=200)
    description = models.TextField(_("indicazioni"), blank=True)
    is_mandatory = models.BooleanField(_("obbligatorio"), default=True)

    class Meta:
        verbose_name = _("allegato richiesto")
        verbose_name_plural = _("allegati richiesti")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "position"], name="calls_attachment_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CallAmendment(models.Model):
    """A change to a published call (rettifica), with its reason: public, and
    notified to everyone with a draft."""

    call = models.ForeignKey(
        Call,
        on_delete=models.PROTECT,
        related_name="amendments",
        verbose_name=_("avviso"),
    )
    number = models.PositiveSmallIntegerField(_("numero"))
    reason = models.TextField(_("motivazione"))
    changes = models.JSONField(_("modifiche"), default=dict)
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("modificato da"),
    )
    amended_at = models.DateTimeField(_("modificato il"))

    class Meta:
        verbose_name = _("rettifica dell'avviso")
        verbose_name_plural = _("rettifiche dell'avviso")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "number"], name="calls_amendment_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call} – {self.number}"
