"""Monitoring reports (relazioni di monitoraggio), interim and final, on the
schedule of the agreement: the beneficiaries reached by type, area and
gender, the indicators against their targets, what was done and the
attachments. The lead body drafts and submits; the ATS accepts or asks for
changes; an accepted report changes only through an audited reopening."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from conciliare.applications.models import BeneficiaryKind
from conciliare.core.models import StatusModel, TimeStampedModel


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Relazione intermedia")
    FINAL = "final", _("Relazione finale")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("In compilazione")
    SUBMITTED = "submitted", _("Inviata")
    CHANGES_REQUESTED = "changes_requested", _("Da integrare")
    ACCEPTED = "accepted", _("Accettata")


#: The statuses in which the lead body may still change a report.
EDITABLE_REPORT_STATUSES = frozenset(
    {ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED}
)


class MonitoringReport(TimeStampedModel, StatusModel):
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        ReportStatus.DRAFT: frozenset({ReportStatus.SUBMITTED}),
        ReportStatus.SUBMITTED: frozenset(
            {ReportStatus.ACCEPTED, ReportStatus.CHANGES_REQUESTED}
        ),
        ReportStatus.CHANGES_REQUESTED: frozenset({ReportStatus.SUBMITTED}),
        # Reopening an accepted report (audited, with its reason).
        ReportStatus.ACCEPTED: frozenset({ReportStatus.SUBMITTED}),
    }

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("progetto"),
    )
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ATS"),
    )
    deadline = models.OneToOneField(
        "plans.AgreementDeadline",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report",
        verbose_name=_("scadenza della convenzione"),
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=ReportKind)
    due_on = models.DateField(_("da inviare entro il"), null=True, blank=True)
    period_start = models.DateField(_("attività dal"))
    period_end = models.DateField(_("attività al"))
    activities = models.TextField(_("attività realizzate"), blank=True)
    narrative = models.TextField(
        _("relazione"),
        blank=True,
        help_text=_("Andamento del progetto, risultati, difficoltà e correttivi."),
    )
    status = models.CharField(
        _("stato"), max_length=20, choices=ReportStatus, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("versione"), default=1)
    submitted_at = models.DateTimeField(_("inviata il"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inviata da"),
    )
    decided_at = models.DateTimeField(_("esaminata il"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("esaminata da"),
    )
    officer_note = models.TextField(_("osservazioni dell'ATS"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("creata da"),
    )

    class Meta:
        verbose_name = _("relazione di monitoraggio")
        verbose_name_plural = _("relazioni di monitoraggio")
        ordering = ["project", "period_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="monitoring_report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values),
                name="monitoring_report_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="monitoring_report_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT)
                | Q(submitted_at__isnull=False, submitted_by__isnull=False),
                name="monitoring_report_submission_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.ACCEPTED)
                | Q(decided_at__isnull=False, decided_by__isnull=False),
                name="monitoring_report_decision_recorded",
            ),
        ]
        indexes = [
            models.Index(fields=["ats", "status"], name="monitoring_report_ats_idx")
        ]

    def __str__(self) -> str:
        return f"{ReportKind(self.kind).label} – {self.project.code}"

    @property
    def is_editable(self) -> bool:
        """The lead body may still change it."""
        return self.status in EDITABLE_REPORT_STATUSES

    @property
    def is_late(self) -> bool:
        """Submitted after its due date (or, unsent, past it today)."""
        from django.utils import timezone

        if self.due_on is None:
            return False
        if self.submitted_at is None:
            return timezone.localdate() > self.due_on
        return timezone.localdate(self.submitted_at) > self.due_on


class ReportReach(models.Model):
    """The final beneficiaries reached so far (cumulative from the start),
    by type and intervention area, with the gender split where collected."""

    report = models.ForeignKey(
        MonitoringReport,
        on_delete=models.CASCADE,
        related_name="reach",
        verbose_name=_("relazione"),
    )
    kind = models.CharField(_("destinatari"), max_length=20, choices=BeneficiaryKind)
    area = models.ForeignKey(
        "territory.InterventionArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area di intervento"),
    )
    reached = models.PositiveIntegerField(_("raggiunti"))
    women = models.PositiveIntegerField(_("di cui donne"), null=True, blank=True)
    men = models.PositiveIntegerField(_("di cui uomini"), null=True, blank=True)

    class Meta:
        verbose_name = _("destinatari raggiunti")
        verbose_name_plural = _("destinatari raggiunti")
        ordering = ["report", "kind", "area", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BeneficiaryKind.values),
                name="monitoring_reach_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["report", "kind", "area"],
                condition=Q(area__isnull=False),
                name="monitoring_reach_once_per_area",
            ),
            models.UniqueConstraint(
                fields=["report", "kind"],
                condition=Q(area__isnull=True),
                name="monitoring_reach_once_without_area",
            ),
            models.CheckConstraint(
                condition=Q(women__isnull=True)
                | Q(men__isnull=True)
                | Q(reached__gte=F("women") + F("men")),
                name="monitoring_reach_gender_within_total",
            ),
            models.CheckConstraint(
                condition=Q(women__isnull=True) | Q(reached__gte=F("women")),
                name="monitoring_reach_women_within_total",
            ),
            models.CheckConstraint(
                condition=Q(men__isnull=True) | Q(reached__gte=F("men")),
                name="monitoring_reach_men_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{BeneficiaryKind(self.kind).label}: {self.reached}"


class ReportIndicatorValue(models.Model):
    """An indicator of the application (name, unit and target copied, so the
    report reads the same if the application's rows change) and the value
    reached by the end of the report's period."""

    report = models.ForeignKey(
        MonitoringReport,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name=_("relazione"),
    )
    indicator = models.ForeignKey(
        "applications.ApplicationIndicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicatore della domanda"),
    )
    name = models.CharField(_("indicatore"), max_length=255)
    unit = models.CharField(_("unità di misura"), max_length=50)
    baseline = models.DecimalField(
        _("valore di partenza"), max_digits=12, decimal_places=2
    )
    target = models.DecimalField(_("valore obiettivo"), max_digits=12, decimal_places=2)
    value = models.DecimalField(
        _("valore raggiunto"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("nota"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("valore di un indicatore")
        verbose_name_plural = _("indicatori")
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(
        MonitoringReport,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("relazione"),
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("documento"),
    )
    description = models.CharField(_("descrizione"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("caricato da"),
    )
    uploaded_at = models.DateTimeField(_("caricato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("allegato della relazione")
        verbose_name_plural = _("allegati della relazione")
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return self.description
