"""Projects of the alliances: the one record of a project the portal, the
calls, the plan and the monitoring all read (fields after the OpenCoesione
project schema where one applies)."""

from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import StatusModel, TimeStampedModel


class ProjectStatus(models.TextChoices):
    FUNDED = "funded", _("Finanziato")
    AGREEMENT_SIGNED = "agreement_signed", _("Convenzione sottoscritta")
    IN_PROGRESS = "in_progress", _("In corso")
    COMPLETED = "completed", _("Concluso")
    REPORTED = "reported", _("Rendicontato")
    BALANCE_PAID = "balance_paid", _("Saldo erogato")
    REVOKED = "revoked", _("Revocato")


class ProjectOrigin(models.TextChoices):
    CALL = "call", _("Avviso su Conciliare")
    HISTORICAL = "historical", _("Periodo precedente (dati storici)")


class Project(TimeStampedModel, StatusModel):
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        ProjectStatus.FUNDED: frozenset(
            {ProjectStatus.AGREEMENT_SIGNED, ProjectStatus.REVOKED}
        ),
        ProjectStatus.AGREEMENT_SIGNED: frozenset(
            {ProjectStatus.IN_PROGRESS, ProjectStatus.REVOKED}
        ),
        ProjectStatus.IN_PROGRESS: frozenset(
            {ProjectStatus.COMPLETED, ProjectStatus.REVOKED}
        ),
        ProjectStatus.COMPLETED: frozenset(
            {ProjectStatus.REPORTED, ProjectStatus.REVOKED}
        ),
        # Back to completed when its final report or statement is reopened.
        ProjectStatus.REPORTED: frozenset(
            {
                ProjectStatus.BALANCE_PAID,
                ProjectStatus.COMPLETED,
                ProjectStatus.REVOKED,
            }
        ),
        ProjectStatus.BALANCE_PAID: frozenset(),
        ProjectStatus.REVOKED: frozenset(),
    }

    code = models.CharField(
        _("codice progetto"),
        max_length=40,
        unique=True,
        help_text=_("Codice locale del progetto, per esempio 321-2020-01."),
    )
    title = models.CharField(_("titolo"), max_length=255)
    alliance = models.ForeignKey(
        "partnerships.Alliance",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("alleanza"),
    )
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("ATS"),
    )
    period = models.ForeignKey(
        "territory.ProgrammingPeriod",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("periodo di programmazione"),
    )
    areas = models.ManyToManyField(
        "territory.InterventionArea",
        blank=True,
        related_name="projects",
        verbose_name=_("aree di intervento"),
    )
    summary = models.TextField(_("sintesi"), blank=True)
    website = models.URLField(_("pagina web"), blank=True)
    total_cost = models.DecimalField(
        _("costo totale (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    public_funding = models.DecimalField(
        _("contributo pubblico (euro)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    starts_on = models.DateField(_("data di inizio"), null=True, blank=True)
    ends_on = models.DateField(_("data di fine"), null=True, blank=True)
    status = models.CharField(
        _("stato"),
        max_length=20,
        choices=ProjectStatus,
        default=ProjectStatus.FUNDED,
    )
    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project",
        verbose_name=_("domanda finanziata"),
    )
    origin = models.CharField(
        _("origine del dato"),
        max_length=16,
        choices=ProjectOrigin,
        default=ProjectOrigin.CALL,
    )

    class Meta:
        verbose_name = _("progetto")
        verbose_name_plural = _("progetti")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProjectStatus.values),
                name="projects_project_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=ProjectOrigin.values),
                name="projects_project_origin_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="projects_project_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(public_funding__isnull=True)
                | Q(total_cost__isnull=True)
                | Q(public_funding__lte=F("total_cost")),
                name="projects_project_funding_within_cost",
            ),
        ]
        indexes = [
            models.Index(fields=["ats", "period"], name="projects_ats_period_idx")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("projects:project-detail", kwargs={"code": self.code})
