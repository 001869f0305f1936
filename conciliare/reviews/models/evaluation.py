"""The committee's evaluation: who evaluates which application, their
declarations of conflict of interest, their scores per criterion and the
committee's consensus."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import TimeStampedModel
from conciliare.reviews.models.admissibility import ApplicationReview


class ConflictStatus(models.TextChoices):
    UNDECLARED = "undeclared", _("Dichiarazione da rendere")
    NONE = "none", _("Nessun conflitto di interessi")
    DECLARED = "declared", _("Conflitto di interessi dichiarato")
    AUTOMATIC = "automatic", _("Conflitto rilevato: l'ente è capofila o partner")


#: An evaluator in one of these may never see nor score the application.
CONFLICTED = frozenset({ConflictStatus.DECLARED, ConflictStatus.AUTOMATIC})


class EvaluatorAssignment(TimeStampedModel):
    """A committee seat assigned to evaluate one admissible application.

    ``evaluator`` repeats the seat's person so the rules and the evaluator's
    queue read one table. Scores are the evaluator's own until
    ``submitted_at``; others see them only after that.
    """

    review = models.ForeignKey(
        ApplicationReview,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("istruttoria"),
    )
    seat = models.ForeignKey(
        "registry.CommitteeMember",
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("componente del Comitato"),
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("valutatore"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assegnata da"),
    )
    assigned_at = models.DateTimeField(_("assegnata il"))
    conflict_status = models.CharField(
        _("conflitto di interessi"),
        max_length=12,
        choices=ConflictStatus,
        default=ConflictStatus.UNDECLARED,
    )
    conflict_note = models.TextField(_("dichiarazione"), blank=True)
    conflict_declared_at = models.DateTimeField(
        _("dichiarazione resa il"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(
        _("valutazione consegnata il"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("assegnazione al valutatore")
        verbose_name_plural = _("assegnazioni ai valutatori")
        ordering = ["review", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "seat"], name="reviews_assignment_unique_seat"
            ),
            models.CheckConstraint(
                condition=Q(conflict_status__in=ConflictStatus.values),
                name="reviews_assignment_conflict_valid",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | Q(conflict_status=ConflictStatus.NONE),
                name="reviews_assignment_submitted_without_conflict",
            ),
            models.CheckConstraint(
                condition=Q(conflict_status=ConflictStatus.UNDECLARED)
                | Q(conflict_declared_at__isnull=False),
                name="reviews_assignment_declaration_dated",
            ),
        ]
        indexes = [
            models.Index(
                fields=["evaluator", "conflict_status"],
                name="reviews_assignment_queue_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.review} – {self.evaluator}"

    @property
    def is_conflicted(self) -> bool:
        return self.conflict_status in CONFLICTED

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class CriterionScore(models.Model):
    """An evaluator's points on one criterion of the call, with a comment."""

    assignment = models.ForeignKey(
        EvaluatorAssignment,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("assegnazione"),
    )
    criterion = models.ForeignKey(
        "calls.EvaluationCriterion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("criterio"),
    )
    points = models.DecimalField(_("punti"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("motivazione"))

    class Meta:
        verbose_name = _("punteggio del valutatore")
        verbose_name_plural = _("punteggi dei valutatori")
        ordering = ["assignment", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"],
                name="reviews_score_one_per_criterion",
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0), name="reviews_score_points_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class ConsensusScore(models.Model):
    """The committee's points on one criterion for one application (agreed,
    or the evaluators' mean, as the call's ``score_method`` says), with the
    justification. Fixed once recorded, except through an audited reopening."""

    review = models.ForeignKey(
        ApplicationReview,
        on_delete=models.CASCADE,
        related_name="consensus_scores",
        verbose_name=_("istruttoria"),
    )
    criterion = models.ForeignKey(
        "calls.EvaluationCriterion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("criterio"),
    )
    points = models.DecimalField(_("punti"), max_digits=6, decimal_places=2)
    justification = models.TextField(_("motivazione"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrato da"),
    )
    recorded_at = models.DateTimeField(_("registrato il"))

    class Meta:
        verbose_name = _("punteggio del Comitato")
        verbose_name_plural = _("punteggi del Comitato")
        ordering = ["review", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"],
                name="reviews_consensus_one_per_criterion",
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0),
                name="reviews_consensus_points_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
