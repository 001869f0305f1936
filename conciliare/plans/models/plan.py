"""The plan of one ATS for one period, and its versions."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import StatusModel, TimeStampedModel


class TerritorialPlan(TimeStampedModel):
    """The Piano Territoriale di Conciliazione of an ATS for a period. Its
    content lives in its versions: the first, then one per rimodulazione."""

    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("ATS"),
    )
    period = models.ForeignKey(
        "territory.ProgrammingPeriod",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("periodo di programmazione"),
    )
    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("avviso dei progetti finanziati"),
    )
    title = models.CharField(_("titolo"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("creato da"),
    )

    class Meta:
        verbose_name = _("Piano Territoriale")
        verbose_name_plural = _("Piani Territoriali")
        ordering = ["period", "ats"]
        constraints = [
            models.UniqueConstraint(
                fields=["ats", "period"], name="plans_plan_one_per_ats_period"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "plans:plan-public",
            kwargs={"ats": self.ats.slug, "period": self.period.slug},
        )


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("In preparazione")
    APPROVED = "approved", _("Approvato dall'ATS")
    SENT = "sent", _("Trasmesso alla Regione")
    RETURNED = "returned", _("Restituito con osservazioni")
    VALIDATED = "validated", _("Validato dalla Regione")
    SUPERSEDED = "superseded", _("Sostituito da una rimodulazione")


#: Statuses in which the version's content may be edited.
EDITABLE_PLAN_STATUSES = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED})


class PlanVersion(TimeStampedModel, StatusModel):
    """One version of a plan. Its content (projects, system actions, funding,
    monitoring) changes only while it is a draft or returned; once approved it
    is frozen in ``snapshot``, which the differences between versions compare."""

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        PlanStatus.DRAFT: frozenset({PlanStatus.APPROVED}),
        PlanStatus.APPROVED: frozenset({PlanStatus.SENT}),
        PlanStatus.SENT: frozenset({PlanStatus.VALIDATED, PlanStatus.RETURNED}),
        PlanStatus.RETURNED: frozenset({PlanStatus.APPROVED}),
        PlanStatus.VALIDATED: frozenset({PlanStatus.SUPERSEDED}),
        PlanStatus.SUPERSEDED: frozenset(),
    }

    plan = models.ForeignKey(
        TerritorialPlan,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("piano"),
    )
    number = models.PositiveSmallIntegerField(_("versione"))
    status = models.CharField(
        _("stato"), max_length=12, choices=PlanStatus, default=PlanStatus.DRAFT
    )
    amendment_reason = models.TextField(_("motivo della rimodulazione"), blank=True)
    summary = models.TextField(_("sintesi del piano"), blank=True)
    act_number = models.CharField(_("numero dell'atto"), max_length=50, blank=True)
    act_date = models.DateField(_("data dell'atto"), null=True, blank=True)
    act_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("atto di approvazione"),
    )
    approved_at = models.DateTimeField(_("approvato il"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approvato da"),
    )
    sent_at = models.DateTimeField(_("trasmesso il"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trasmesso da"),
    )
    validated_at = models.DateTimeField(_("validato il"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validato da"),
    )
    returned_at = models.DateTimeField(_("restituito il"), null=True, blank=True)
    remarks = models.TextField(_("osservazioni della Regione"), blank=True)
    snapshot = models.JSONField(_("contenuto approvato"), default=dict, blank=True)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("piano (PDF)"),
    )

    class Meta:
        verbose_name = _("versione del Piano Territoriale")
        verbose_name_plural = _("versioni del Piano Territoriale")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="plans_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(
                    status__in=[
                        PlanStatus.DRAFT,
                        PlanStatus.APPROVED,
                        PlanStatus.SENT,
                        PlanStatus.RETURNED,
                    ]
                ),
                name="plans_version_one_in_progress",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status=PlanStatus.VALIDATED),
                name="plans_version_one_validated",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values),
                name="plans_version_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[PlanStatus.DRAFT])
                | (
                    ~Q(act_number="")
                    & Q(
                        act_date__isnull=False,
                        approved_at__isnull=False,
                        approved_by__isnull=False,
                    )
                ),
                name="plans_version_approved_has_act",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PlanStatus.VALIDATED, PlanStatus.SUPERSEDED])
                | Q(validated_at__isnull=False, validated_by__isnull=False),
                name="plans_version_validated_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.RETURNED) | ~Q(remarks=""),
                name="plans_version_returned_has_remarks",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – v{self.number}"

    @property
    def ats_id(self) -> int:
        return self.plan.ats_id

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_PLAN_STATUSES
