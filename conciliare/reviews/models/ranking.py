"""The ranking (graduatoria) of a call: every submitted application with its
position, score and outcome, the allocation of the projects budget, and the
audited steps that move it when funds are freed (scorrimento)."""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import StatusModel, TimeStampedModel


class RankingStatus(models.TextChoices):
    DRAFT = "draft", _("Proposta")
    APPROVED = "approved", _("Approvata")


class Ranking(TimeStampedModel, StatusModel):
    """The graduatoria of one call. Computed (and recomputed) as a proposal,
    then approved by an act of the ATS; afterwards it changes only through
    ``RankingStep`` (scorrimento)."""

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        RankingStatus.DRAFT: frozenset({RankingStatus.APPROVED}),
        RankingStatus.APPROVED: frozenset(),
    }

    call = models.OneToOneField(
        "calls.Call",
        on_delete=models.PROTECT,
        related_name="ranking",
        verbose_name=_("avviso"),
    )
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ATS"),
    )
    status = models.CharField(
        _("stato"),
        max_length=12,
        choices=RankingStatus,
        default=RankingStatus.DRAFT,
    )
    budget = models.DecimalField(
        _("quota per i progetti (EUR)"), max_digits=12, decimal_places=2
    )
    allocated = models.DecimalField(
        _("contributi assegnati (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=0,
    )
    computed_at = models.DateTimeField(_("calcolata il"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("calcolata da"),
    )
    committee_minutes = models.TextField(
        _("verbale del Comitato"),
        blank=True,
        help_text=_("Sintesi della seduta di valutazione, riportata nel documento."),
    )
    act_number = models.CharField(_("numero dell'atto"), max_length=50, blank=True)
    act_date = models.DateField(_("data dell'atto"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approvata il"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approvata da"),
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("graduatoria e verbale (PDF)"),
    )

    class Meta:
        verbose_name = _("graduatoria")
        verbose_name_plural = _("graduatorie")
        ordering = ["-computed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RankingStatus.values),
                name="reviews_ranking_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(allocated__gte=0, allocated__lte=F("budget")),
                name="reviews_ranking_within_budget",
            ),
            models.CheckConstraint(
                condition=Q(status=RankingStatus.DRAFT)
                | (
                    ~Q(act_number="")
                    & Q(
                        act_date__isnull=False,
                        approved_at__isnull=False,
                        approved_by__isnull=False,
                    )
                ),
                name="reviews_ranking_approved_has_act",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Graduatoria – %(call)s") % {"call": self.call})

    @property
    def is_approved(self) -> bool:
        return self.status == RankingStatus.APPROVED


class RankingOutcome(models.TextChoices):
    FUNDED = "funded", _("Ammessa e finanziata")
    PARTLY_FUNDED = "partly_funded", _("Ammessa e finanziata in parte")
    NOT_FUNDED = "not_funded", _("Ammessa non finanziata")
    NOT_ADMITTED = "not_admitted", _("Non ammessa")
    RENOUNCED = "renounced", _("Rinuncia al contributo")


#: Outcomes with money awarded.
FUNDED_OUTCOMES = frozenset({RankingOutcome.FUNDED, RankingOutcome.PARTLY_FUNDED})


class RankingEntry(models.Model):
    """One application in a ranking. ``position`` is empty for the ones not
    admitted; ``below_min_score`` marks the admitted ones that cannot be
    funded because their score is below the call's minimum."""

    ranking = models.ForeignKey(
        Ranking,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("graduatoria"),
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="ranking_entries",
        verbose_name=_("domanda"),
    )
    position = models.PositiveIntegerField(_("posizione"), null=True, blank=True)
    total_score = models.DecimalField(
        _("punteggio"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    below_min_score = models.BooleanField(_("sotto il punteggio minimo"), default=False)
    grant_requested = models.DecimalField(
        _("contributo richiesto (EUR)"), max_digits=12, decimal_places=2
    )
    grant_awarded = models.DecimalField(
        _("contributo assegnato (EUR)"), max_digits=12, decimal_places=2, default=0
    )
    grant_cap = models.DecimalField(
        _("contributo ridotto (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Importo a cui il contributo è stato ridotto con uno scorrimento: "
            "da allora è il massimo assegnabile alla domanda."
        ),
    )
    outcome = models.CharField(_("esito"), max_length=16, choices=RankingOutcome)
    tie_break_note = models.CharField(
        _("parità risolta da"), max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("posizione in graduatoria")
        verbose_name_plural = _("posizioni in graduatoria")
        ordering = ["ranking", F("position").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ranking", "application"], name="reviews_entry_unique_app"
            ),
            models.UniqueConstraint(
                fields=["ranking", "position"],
                condition=Q(position__isnull=False),
                name="reviews_entry_unique_position",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=RankingOutcome.values),
                name="reviews_entry_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(grant_awarded__gte=0)
                & Q(grant_awarded__lte=F("grant_requested")),
                name="reviews_entry_award_within_request",
            ),
            models.CheckConstraint(
                condition=(
                    Q(outcome=RankingOutcome.FUNDED)
                    & Q(grant_awarded=F("grant_requested"))
                )
                | (
                    Q(outcome=RankingOutcome.PARTLY_FUNDED)
                    & Q(grant_awarded__gt=0)
                    & Q(grant_awarded__lt=F("grant_requested"))
                )
                | (
                    # a list in a fixed order: a frozenset's order changes
                    # between runs and would make a new migration each time
                    ~Q(
                        outcome__in=[
                            RankingOutcome.PARTLY_FUNDED,
                            RankingOutcome.FUNDED,
                        ]
                    )
                    & Q(grant_awarded=0)
                ),
                name="reviews_entry_award_matches_outcome",
            ),
            models.CheckConstraint(
                condition=Q(grant_cap__isnull=True)
                | Q(grant_cap__gt=0, grant_cap__lt=F("grant_requested")),
                name="reviews_entry_cap_below_request",
            ),
            models.CheckConstraint(
                condition=Q(outcome=RankingOutcome.NOT_ADMITTED, position__isnull=True)
                | (~Q(outcome=RankingOutcome.NOT_ADMITTED) & Q(position__isnull=False)),
                name="reviews_entry_position_iff_admitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position or '-'}. {self.application}"

    @property
    def is_funded(self) -> bool:
        return self.outcome in FUNDED_OUTCOMES

    @property
    def cap(self) -> Decimal:
        """The most this entry may receive: the reduced amount, else the request."""
        return self.grant_requested if self.grant_cap is None else self.grant_cap


class RankingStepKind(models.TextChoices):
    RENOUNCE = "renounce", _("Rinuncia")
    REDUCTION = "reduction", _("Riduzione del contributo")


class RankingStep(models.Model):
    """A scorrimento: funds freed by a renunciation or a reduction move down
    the ranking. ``changes`` lists every entry whose outcome or award changed:
    ``[{"entry": id, "application": id, "outcome": [old, new], "awarded": [old, new]}]``."""

    ranking = models.ForeignKey(
        Ranking,
        on_delete=models.PROTECT,
        related_name="steps",
        verbose_name=_("graduatoria"),
    )
    number = models.PositiveSmallIntegerField(_("numero"))
    kind = models.CharField(_("motivo"), max_length=12, choices=RankingStepKind)
    entry = models.ForeignKey(
        RankingEntry,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("posizione che libera i fondi"),
    )
    reason = models.TextField(_("motivazione"))
    act_number = models.CharField(_("numero dell'atto"), max_length=50, blank=True)
    act_date = models.DateField(_("data dell'atto"), null=True, blank=True)
    changes = models.JSONField(_("variazioni"), default=list)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrato da"),
    )
    made_at = models.DateTimeField(_("registrato il"))

    class Meta:
        verbose_name = _("scorrimento della graduatoria")
        verbose_name_plural = _("scorrimenti della graduatoria")
        ordering = ["ranking", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["ranking", "number"], name="reviews_step_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RankingStepKind.values),
                name="reviews_step_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ranking} – {self.number}"
