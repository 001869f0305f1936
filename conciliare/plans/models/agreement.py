"""The agreements (convenzioni) between the ATS and each funded project's
lead body, generated from the plan's template."""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import StatusModel, TimeStampedModel
from conciliare.plans.models.plan import TerritorialPlan


class AgreementTemplate(TimeStampedModel):
    """The template of the convenzione approved with the plan, and the payment
    schedule as its parameters: ``advance_share`` percent of the grant on
    signature, the rest as the balance on the approval of the final report."""

    plan = models.OneToOneField(
        TerritorialPlan,
        on_delete=models.CASCADE,
        related_name="agreement_template",
        verbose_name=_("piano"),
    )
    body = models.TextField(
        _("testo della convenzione"),
        help_text=_(
            "Segnaposto disponibili: {capofila}, {alleanza}, {progetto}, "
            "{codice}, {contributo}, {anticipo}, {saldo}, {ats}, {piano}, {atto}."
        ),
    )
    advance_share = models.DecimalField(
        _("anticipo alla sottoscrizione (% del contributo)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    interim_report_months = models.PositiveSmallIntegerField(
        _("relazione intermedia dopo (mesi dalla firma)"), default=12
    )
    final_report_days = models.PositiveSmallIntegerField(
        _("rendicontazione finale entro (giorni dalla fine delle attività)"),
        default=60,
    )
    sample_share = models.DecimalField(
        _("autocertificazioni verificate a campione (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_(
            "Quota delle autocertificazioni di ogni rendiconto estratte a caso "
            "per la verifica (almeno una, se ce ne sono)."
        ),
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("promemoria (giorni prima della scadenza)"), default=15
    )
    reminder_days_after = models.PositiveSmallIntegerField(
        _("sollecito (giorni dopo la scadenza)"), default=7
    )

    class Meta:
        verbose_name = _("schema di convenzione")
        verbose_name_plural = _("schemi di convenzione")
        constraints = [
            models.CheckConstraint(
                condition=Q(advance_share__gte=0, advance_share__lte=100),
                name="plans_template_advance_share_percent",
            ),
            models.CheckConstraint(
                condition=Q(sample_share__gte=0, sample_share__lte=100),
                name="plans_template_sample_share_percent",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Schema di convenzione – %(plan)s") % {"plan": self.plan})


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Da sottoscrivere")
    SIGNED = "signed", _("Sottoscritta")


class Agreement(TimeStampedModel, StatusModel):
    """The convenzione of one funded project."""

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        AgreementStatus.DRAFT: frozenset({AgreementStatus.SIGNED}),
        AgreementStatus.SIGNED: frozenset(),
    }

    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="agreement",
        verbose_name=_("progetto"),
    )
    plan_version = models.ForeignKey(
        "plans.PlanVersion",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("versione del piano"),
    )
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ATS"),
    )
    number = models.CharField(_("numero"), max_length=40, unique=True)
    status = models.CharField(
        _("stato"),
        max_length=12,
        choices=AgreementStatus,
        default=AgreementStatus.DRAFT,
    )
    grant = models.DecimalField(_("contributo (EUR)"), max_digits=12, decimal_places=2)
    body = models.TextField(_("testo"))
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("convenzione (PDF)"),
    )
    signed_on = models.DateField(_("sottoscritta il"), null=True, blank=True)
    signed_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("convenzione sottoscritta"),
    )
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("firma registrata da"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("generata da"),
    )

    class Meta:
        verbose_name = _("convenzione")
        verbose_name_plural = _("convenzioni")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values),
                name="plans_agreement_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(grant__gt=0), name="plans_agreement_grant_positive"
            ),
            models.CheckConstraint(
                condition=Q(status=AgreementStatus.DRAFT)
                | Q(signed_on__isnull=False, signed_document__isnull=False),
                name="plans_agreement_signed_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.project}"


class InstalmentKind(models.TextChoices):
    ADVANCE = "advance", _("Anticipo")
    INTERIM = "interim", _("Acconto")
    BALANCE = "balance", _("Saldo")


class AgreementInstalment(models.Model):
    """One payment the agreement schedules: its share of the grant, its
    amount (the instalments add up to the grant, to the cent) and when it
    falls due."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="instalments",
        verbose_name=_("convenzione"),
    )
    position = models.PositiveSmallIntegerField(_("ordine"))
    kind = models.CharField(_("tranche"), max_length=10, choices=InstalmentKind)
    share = models.DecimalField(_("quota (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("importo (EUR)"), max_digits=12, decimal_places=2)
    condition = models.CharField(_("condizione"), max_length=255)

    class Meta:
        verbose_name = _("tranche di pagamento")
        verbose_name_plural = _("tranche di pagamento")
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "position"], name="plans_instalment_position"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InstalmentKind.values),
                name="plans_instalment_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0, share__gte=0, share__lte=100),
                name="plans_instalment_amount_share_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{InstalmentKind(self.kind).label}: {self.amount}"


class DeadlineKind(models.TextChoices):
    INTERIM_REPORT = "interim_report", _("Relazione intermedia")
    FINAL_REPORT = "final_report", _("Relazione finale e rendicontazione")


class AgreementDeadline(models.Model):
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="deadlines",
        verbose_name=_("convenzione"),
    )
    kind = models.CharField(_("scadenza"), max_length=20, choices=DeadlineKind)
    due_on = models.DateField(_("entro il"))
    description = models.CharField(_("descrizione"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("scadenza della convenzione")
        verbose_name_plural = _("scadenze della convenzione")
        ordering = ["agreement", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DeadlineKind.values),
                name="plans_deadline_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{DeadlineKind(self.kind).label} – {self.due_on}"
