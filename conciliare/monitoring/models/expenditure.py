"""Expenditure statements (rendicontazione): each expense by budget line and
partner with its supporting document; the ATS checks every expense (DGR
XI/1017/2018: 100% of the expenditure) and verifies a sample of the
self-declarations, drawn at random with its seed recorded so that anyone can
repeat the draw. A checked statement changes only through an audited
reopening."""

from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from conciliare.applications.models import BudgetCategory
from conciliare.core.models import StatusModel, TimeStampedModel

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def _money(verbose_name: "StrPromise") -> "models.DecimalField[Decimal, Decimal]":
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2)


class StatementKind(models.TextChoices):
    INTERIM = "interim", _("Rendiconto intermedio")
    FINAL = "final", _("Rendiconto finale")


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("In compilazione")
    SUBMITTED = "submitted", _("Inviato")
    CHANGES_REQUESTED = "changes_requested", _("Da integrare")
    CHECKED = "checked", _("Verificato")


#: The statuses in which the lead body may still change a statement.
EDITABLE_STATEMENT_STATUSES = frozenset(
    {StatementStatus.DRAFT, StatementStatus.CHANGES_REQUESTED}
)


class ExpenditureStatement(TimeStampedModel, StatusModel):
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        StatementStatus.DRAFT: frozenset({StatementStatus.SUBMITTED}),
        StatementStatus.SUBMITTED: frozenset(
            {StatementStatus.CHECKED, StatementStatus.CHANGES_REQUESTED}
        ),
        StatementStatus.CHANGES_REQUESTED: frozenset({StatementStatus.SUBMITTED}),
        # Reopening a checked statement (audited, with its reason).
        StatementStatus.CHECKED: frozenset({StatementStatus.SUBMITTED}),
    }

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("progetto"),
    )
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ATS"),
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=StatementKind)
    number = models.PositiveSmallIntegerField(_("numero"))
    period_start = models.DateField(_("spese dal"))
    period_end = models.DateField(_("spese al"))
    status = models.CharField(
        _("stato"),
        max_length=20,
        choices=StatementStatus,
        default=StatementStatus.DRAFT,
    )
    version = models.PositiveIntegerField(_("versione"), default=1)
    submitted_at = models.DateTimeField(_("inviato il"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inviato da"),
    )
    checked_at = models.DateTimeField(_("verificato il"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verificato da"),
    )
    officer_note = models.TextField(_("osservazioni dell'ATS"), blank=True)
    #: The sample of self-declarations: the share (the agreement template's
    #: parameter when drawn) and the seed, so the draw can be repeated.
    sample_share = models.DecimalField(
        _("campione di autocertificazioni (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    sample_seed = models.BigIntegerField(
        _("seme dell'estrazione"), null=True, blank=True
    )
    sampled_at = models.DateTimeField(_("estratto il"), null=True, blank=True)
    sampled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("estratto da"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("creato da"),
    )

    class Meta:
        verbose_name = _("rendiconto delle spese")
        verbose_name_plural = _("rendiconti delle spese")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="monitoring_statement_number"
            ),
            models.CheckConstraint(
                condition=Q(status__in=StatementStatus.values),
                name="monitoring_statement_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=StatementKind.values),
                name="monitoring_statement_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="monitoring_statement_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status=StatementStatus.DRAFT)
                | Q(submitted_at__isnull=False, submitted_by__isnull=False),
                name="monitoring_statement_submission_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status=StatementStatus.CHECKED)
                | Q(checked_at__isnull=False, checked_by__isnull=False),
                name="monitoring_statement_check_recorded",
            ),
            models.CheckConstraint(
                condition=Q(sample_seed__isnull=True)
                | Q(sample_share__isnull=False, sampled_at__isnull=False),
                name="monitoring_statement_sample_recorded",
            ),
        ]
        indexes = [
            models.Index(fields=["ats", "status"], name="monitoring_statement_ats_idx")
        ]

    def __str__(self) -> str:
        return (
            f"{StatementKind(self.kind).label} n. {self.number} – {self.project.code}"
        )

    @property
    def is_editable(self) -> bool:
        """The lead body may still change it."""
        return self.status in EDITABLE_STATEMENT_STATUSES


class ExpenseEvidence(models.TextChoices):
    INVOICE = "invoice", _("Documento di spesa (fattura, ricevuta, cedolino)")
    SELF_DECLARATION = (
        "self_declaration",
        _("Autocertificazione (dichiarazione sostitutiva)"),
    )


class ExpenseCheck(models.TextChoices):
    PENDING = "pending", _("Da verificare")
    ELIGIBLE = "eligible", _("Ammissibile")
    PARTLY_ELIGIBLE = "partly_eligible", _("Parzialmente ammissibile")
    NOT_ELIGIBLE = "not_eligible", _("Non ammissibile")


class Verification(models.TextChoices):
    """The outcome of verifying a sampled self-declaration."""

    PENDING = "pending", _("Da verificare")
    CONFIRMED = "confirmed", _("Confermata")
    NOT_CONFIRMED = "not_confirmed", _("Non confermata")


class Expense(models.Model):
    statement = models.ForeignKey(
        ExpenditureStatement,
        on_delete=models.CASCADE,
        related_name="expenses",
        verbose_name=_("rendiconto"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner che ha sostenuto la spesa"),
    )
    category = models.CharField(
        _("voce di spesa"), max_length=20, choices=BudgetCategory
    )
    description = models.CharField(_("descrizione"), max_length=255)
    supplier = models.CharField(
        _("fornitore o percipiente"), max_length=255, blank=True
    )
    evidence = models.CharField(
        _("giustificativo"),
        max_length=20,
        choices=ExpenseEvidence,
        default=ExpenseEvidence.INVOICE,
    )
    document_number = models.CharField(_("numero del documento"), max_length=60)
    document_date = models.DateField(_("data del documento"))
    amount = _money(_("importo dichiarato (EUR)"))
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("documento giustificativo"),
    )
    check_status = models.CharField(
        _("esito della verifica"),
        max_length=20,
        choices=ExpenseCheck,
        default=ExpenseCheck.PENDING,
    )
    eligible_amount = models.DecimalField(
        _("importo ammissibile (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    check_reason = models.TextField(_("motivazione"), blank=True)
    checked_at = models.DateTimeField(_("verificata il"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verificata da"),
    )
    sampled = models.BooleanField(_("estratta a campione"), default=False)
    verification = models.CharField(
        _("verifica dell'autocertificazione"),
        max_length=20,
        choices=Verification,
        blank=True,
    )
    verification_note = models.TextField(_("esito della verifica"), blank=True)

    class Meta:
        verbose_name = _("spesa")
        verbose_name_plural = _("spese")
        ordering = ["statement", "organisation", "category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="monitoring_expense_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(category__in=BudgetCategory.values),
                name="monitoring_expense_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(evidence__in=ExpenseEvidence.values),
                name="monitoring_expense_evidence_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(check_status=ExpenseCheck.PENDING, eligible_amount__isnull=True)
                    | Q(check_status=ExpenseCheck.ELIGIBLE, eligible_amount=F("amount"))
                    | Q(
                        check_status=ExpenseCheck.PARTLY_ELIGIBLE,
                        eligible_amount__gt=0,
                        eligible_amount__lt=F("amount"),
                    )
                    | Q(check_status=ExpenseCheck.NOT_ELIGIBLE, eligible_amount=0)
                ),
                name="monitoring_expense_eligible_amount_matches_check",
            ),
            models.CheckConstraint(
                condition=Q(
                    check_status__in=[ExpenseCheck.PENDING, ExpenseCheck.ELIGIBLE]
                )
                | ~Q(check_reason=""),
                name="monitoring_expense_reduction_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(sampled=False, verification="")
                | Q(
                    sampled=True,
                    evidence=ExpenseEvidence.SELF_DECLARATION,
                    verification__in=Verification.values,
                ),
                name="monitoring_expense_sample_of_self_declarations",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} – {self.amount}"
