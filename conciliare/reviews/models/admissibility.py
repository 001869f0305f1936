"""The istruttoria formale of one application: automatic pre-checks, the
officer's decision and the requests for clarification (soccorso istruttorio)."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import StatusModel, TimeStampedModel


class AdmissibilityStatus(models.TextChoices):
    PENDING = "pending", _("Da istruire")
    CLARIFICATION = "clarification", _("Soccorso istruttorio in corso")
    ADMISSIBLE = "admissible", _("Ammissibile")
    NOT_ADMISSIBLE = "not_admissible", _("Non ammissibile")


#: Decisions that close the admissibility check.
DECIDED_STATUSES = frozenset(
    {AdmissibilityStatus.ADMISSIBLE, AdmissibilityStatus.NOT_ADMISSIBLE}
)


class ApplicationReview(TimeStampedModel, StatusModel):
    """The review of one submitted application: its admissibility and, once
    admissible, the committee's score (``total_score``, weighted with the
    call's criteria) recorded with the consensus.

    ``call`` and ``ats`` repeat the application's, so the officers' lists and
    the ranking read one table.
    """

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        AdmissibilityStatus.PENDING: frozenset(
            {
                AdmissibilityStatus.ADMISSIBLE,
                AdmissibilityStatus.NOT_ADMISSIBLE,
                AdmissibilityStatus.CLARIFICATION,
            }
        ),
        AdmissibilityStatus.CLARIFICATION: frozenset({AdmissibilityStatus.PENDING}),
        AdmissibilityStatus.ADMISSIBLE: frozenset(),
        AdmissibilityStatus.NOT_ADMISSIBLE: frozenset(),
    }

    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="review",
        verbose_name=_("domanda"),
    )
    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("avviso"),
    )
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ATS"),
    )
    status = models.CharField(
        _("esito dell'istruttoria"),
        max_length=20,
        choices=AdmissibilityStatus,
        default=AdmissibilityStatus.PENDING,
    )
    prechecks = models.JSONField(
        _("verifiche automatiche"),
        default=list,
        blank=True,
        help_text=_("Esito di ogni regola dell'avviso: code, label, passed, detail."),
    )
    prechecked_at = models.DateTimeField(
        _("verifiche eseguite il"), null=True, blank=True
    )
    decision_reason = models.TextField(
        _("motivazione"),
        blank=True,
        help_text=_("Obbligatoria per la non ammissibilità: la legge l'ente capofila."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("istruttoria chiusa da"),
    )
    decided_at = models.DateTimeField(_("istruttoria chiusa il"), null=True, blank=True)
    total_score = models.DecimalField(
        _("punteggio totale"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    consensus_recorded_at = models.DateTimeField(
        _("punteggio del Comitato registrato il"), null=True, blank=True
    )
    consensus_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("punteggio registrato da"),
    )
    consensus_note = models.TextField(_("motivazione del Comitato"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("riaperture"), default=0)

    class Meta:
        verbose_name = _("istruttoria della domanda")
        verbose_name_plural = _("istruttorie delle domande")
        ordering = ["call", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AdmissibilityStatus.values),
                name="reviews_review_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=AdmissibilityStatus.NOT_ADMISSIBLE)
                | ~Q(decision_reason=""),
                name="reviews_review_not_admissible_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[
                        AdmissibilityStatus.NOT_ADMISSIBLE,
                        AdmissibilityStatus.ADMISSIBLE,
                    ]
                )
                | Q(decided_at__isnull=False, decided_by__isnull=False),
                name="reviews_review_decision_recorded",
            ),
            models.CheckConstraint(
                condition=Q(consensus_recorded_at__isnull=True)
                | Q(status=AdmissibilityStatus.ADMISSIBLE, total_score__isnull=False),
                name="reviews_review_score_only_if_admissible",
            ),
            models.CheckConstraint(
                condition=Q(total_score__isnull=True) | Q(total_score__gte=0),
                name="reviews_review_score_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"], name="reviews_call_status_idx")
        ]

    def __str__(self) -> str:
        return str(self.application)

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATUSES

    @property
    def has_consensus(self) -> bool:
        return self.consensus_recorded_at is not None


class ClarificationRequest(TimeStampedModel):
    """A soccorso istruttorio: what the ATS asks, by when, and which fields of
    the application it reopens (``fields``: keys of
    ``reviews.clarification_fields``); the lead body's answer changes only those."""

    review = models.ForeignKey(
        ApplicationReview,
        on_delete=models.PROTECT,
        related_name="clarifications",
        verbose_name=_("istruttoria"),
    )
    number = models.PositiveSmallIntegerField(_("numero"))
    message = models.TextField(_("richiesta"))
    fields = models.JSONField(_("campi riaperti"), default=list)
    due_at = models.DateTimeField(_("termine per rispondere"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("richiesta da"),
    )
    requested_at = models.DateTimeField(_("richiesta il"))
    answer = models.JSONField(_("valori forniti"), default=dict, blank=True)
    answer_note = models.TextField(_("chiarimenti"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("risposta di"),
    )
    answered_at = models.DateTimeField(_("risposta il"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("chiusa il"),
        null=True,
        blank=True,
        help_text=_("Alla risposta, o alla scadenza del termine senza risposta."),
    )

    class Meta:
        verbose_name = _("soccorso istruttorio")
        verbose_name_plural = _("soccorsi istruttori")
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"], name="reviews_clarification_number_unique"
            ),
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(closed_at__isnull=True),
                name="reviews_clarification_one_open",
            ),
            models.CheckConstraint(
                condition=Q(due_at__gt=models.F("requested_at")),
                name="reviews_clarification_due_after_request",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(closed_at__isnull=False),
                name="reviews_clarification_answer_closes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} – {self.number}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ClarificationDocument(models.Model):
    """A file sent with the answer to a soccorso istruttorio (for a required
    attachment the request reopened)."""

    request = models.ForeignKey(
        ClarificationRequest,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("soccorso istruttorio"),
    )
    requirement = models.ForeignKey(
        "calls.RequiredAttachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("allegato richiesto"),
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("documento"),
    )

    class Meta:
        verbose_name = _("documento del soccorso istruttorio")
        verbose_name_plural = _("documenti del soccorso istruttorio")

    def __str__(self) -> str:
        return str(self.document)
