"""What a plan version holds: the funded projects, the ATS's system actions,
the funding sources and the monitoring plan."""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q, Value
from django.utils.translation import gettext_lazy as _

from conciliare.plans.models.plan import PlanVersion

#: Half a cent: two amounts of two decimals closer than this are equal.
HALF_CENT = Value(Decimal("0.005"))

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def _money(verbose_name: "StrPromise") -> "models.DecimalField[Decimal, Decimal]":
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2)


class PlanProject(models.Model):
    """A funded project in a version of the plan, with its money as funded.
    The project itself (``projects.Project``) lives on from here with its own
    lifecycle; this row is what the plan says of it."""

    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="funded_projects",
        verbose_name=_("versione del piano"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="plan_rows",
        verbose_name=_("progetto"),
    )
    position = models.PositiveSmallIntegerField(_("ordine"))
    grant = _money(_("contributo ATS (EUR)"))
    cofinancing = _money(_("cofinanziamento dei partner (EUR)"))
    total_cost = _money(_("costo totale (EUR)"))

    class Meta:
        verbose_name = _("progetto del piano")
        verbose_name_plural = _("progetti del piano")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "project"], name="plans_project_once_per_version"
            ),
            # Amounts have two decimals, so within half a cent means equal; the
            # tolerance only absorbs SQLite's floating-point sums.
            models.CheckConstraint(
                condition=Q(grant__gte=0, cofinancing__gte=0)
                & Q(total_cost__gt=F("grant") + F("cofinancing") - HALF_CENT)
                & Q(total_cost__lt=F("grant") + F("cofinancing") + HALF_CENT),
                name="plans_project_cost_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return str(self.project)


class SystemAction(models.Model):
    """An azione di sistema the ATS runs itself, with the network operators
    (operatori di rete) who carry it out."""

    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="system_actions",
        verbose_name=_("versione del piano"),
    )
    position = models.PositiveSmallIntegerField(_("ordine"))
    title = models.CharField(_("titolo"), max_length=255)
    description = models.TextField(_("descrizione"))
    activities = models.TextField(_("attività previste"), blank=True)
    budget = _money(_("budget (EUR)"))
    operators = models.ManyToManyField(
        "registry.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("operatori di rete"),
    )
    operators_note = models.TextField(
        _("altri operatori di rete"),
        blank=True,
        help_text=_("Operatori non presenti nell'anagrafica degli enti."),
    )
    starts_on = models.DateField(_("inizio"), null=True, blank=True)
    ends_on = models.DateField(_("fine"), null=True, blank=True)

    class Meta:
        verbose_name = _("azione di sistema")
        verbose_name_plural = _("azioni di sistema")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0), name="plans_action_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="plans_action_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class FundingKind(models.TextChoices):
    REGIONAL_ALLOCATION = "regional", _("Assegnazione regionale")
    ATS_COFINANCING = "ats", _("Cofinanziamento ATS")
    PARTNER_COFINANCING = "partners", _("Cofinanziamento dei partner")
    OTHER = "other", _("Altre fonti")


class FundingSource(models.Model):
    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="funding_sources",
        verbose_name=_("versione del piano"),
    )
    kind = models.CharField(_("fonte"), max_length=12, choices=FundingKind)
    description = models.CharField(_("descrizione"), max_length=255, blank=True)
    amount = _money(_("importo (EUR)"))

    class Meta:
        verbose_name = _("fonte di finanziamento")
        verbose_name_plural = _("fonti di finanziamento")
        ordering = ["version", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FundingKind.values),
                name="plans_funding_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="plans_funding_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{FundingKind(self.kind).label}: {self.amount}"


class MilestoneKind(models.TextChoices):
    INTERIM_REPORT = "interim_report", _("Relazione intermedia")
    FINAL_REPORT = "final_report", _("Relazione finale e rendicontazione")
    COMMITTEE_REVIEW = "committee_review", _("Verifica del Comitato")


class MonitoringMilestone(models.Model):
    """A date of the plan's monitoring: what is due, when, and which
    indicators it reports."""

    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("versione del piano"),
    )
    kind = models.CharField(_("scadenza"), max_length=20, choices=MilestoneKind)
    due_on = models.DateField(_("entro il"))
    indicators = models.TextField(_("indicatori rilevati"), blank=True)
    description = models.TextField(_("descrizione"), blank=True)

    class Meta:
        verbose_name = _("scadenza di monitoraggio")
        verbose_name_plural = _("scadenze di monitoraggio")
        ordering = ["version", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MilestoneKind.values),
                name="plans_milestone_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{MilestoneKind(self.kind).label} – {self.due_on}"
