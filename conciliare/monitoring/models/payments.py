"""Payments to the lead body (advance and balance as the agreement says,
each with its act and date), revocations and the money recovered."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import TimeStampedModel


class PaymentKind(models.TextChoices):
    ADVANCE = "advance", _("Anticipo")
    INTERIM = "interim", _("Acconto")
    BALANCE = "balance", _("Saldo")


class Payment(TimeStampedModel):
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("progetto"),
    )
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ATS"),
    )
    instalment = models.OneToOneField(
        "plans.AgreementInstalment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment",
        verbose_name=_("tranche della convenzione"),
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=PaymentKind)
    amount = models.DecimalField(_("importo (EUR)"), max_digits=12, decimal_places=2)
    act_number = models.CharField(_("numero dell'atto di liquidazione"), max_length=50)
    act_date = models.DateField(_("data dell'atto"))
    paid_on = models.DateField(_("data del pagamento"))
    #: For the balance: what it was computed from (eligible expenditure, the
    #: grant, the co-financing share and any reduction), kept as recorded.
    computation = models.JSONField(_("calcolo"), default=dict, blank=True)
    #: For a balance below what was already paid: the amount to recover.
    recovery_due = models.DecimalField(
        _("da recuperare (EUR)"), max_digits=12, decimal_places=2, default=0
    )
    note = models.TextField(_("nota"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrato da"),
    )

    class Meta:
        verbose_name = _("pagamento")
        verbose_name_plural = _("pagamenti")
        ordering = ["project", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PaymentKind.values),
                name="monitoring_payment_kind_valid",
            ),
            # A balance may be nothing (all already paid in advance); every
            # other payment moves money.
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(kind=PaymentKind.BALANCE, amount=0),
                name="monitoring_payment_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(recovery_due=0)
                | Q(kind=PaymentKind.BALANCE, recovery_due__gt=0),
                name="monitoring_payment_recovery_only_on_balance",
            ),
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=Q(kind__in=[PaymentKind.ADVANCE, PaymentKind.BALANCE]),
                name="monitoring_payment_one_advance_one_balance",
            ),
        ]
        indexes = [
            models.Index(fields=["ats", "paid_on"], name="monitoring_payment_ats_idx")
        ]

    def __str__(self) -> str:
        return f"{PaymentKind(self.kind).label} {self.amount} – {self.project.code}"


class Revocation(TimeStampedModel):
    """The revocation of a project's grant, whole or in part, by an act of
    the ATS, with the amount the lead body must give back."""

    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="revocation",
        verbose_name=_("progetto"),
    )
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ATS"),
    )
    act_number = models.CharField(_("numero dell'atto di revoca"), max_length=50)
    act_date = models.DateField(_("data dell'atto"))
    reason = models.TextField(_("motivazione"))
    amount_to_recover = models.DecimalField(
        _("importo da recuperare (EUR)"), max_digits=12, decimal_places=2
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrata da"),
    )

    class Meta:
        verbose_name = _("revoca")
        verbose_name_plural = _("revoche")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_to_recover__gte=0),
                name="monitoring_revocation_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="monitoring_revocation_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.act_number} – {self.project.code}"


class Recovery(TimeStampedModel):
    """Money the lead body gave back (after a revocation, or a balance below
    what the advance had paid)."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="recoveries",
        verbose_name=_("progetto"),
    )
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ATS"),
    )
    amount = models.DecimalField(_("importo (EUR)"), max_digits=12, decimal_places=2)
    received_on = models.DateField(_("incassato il"))
    reference = models.CharField(_("riferimento (reversale, bonifico)"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrato da"),
    )

    class Meta:
        verbose_name = _("recupero")
        verbose_name_plural = _("recuperi")
        ordering = ["project", "received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="monitoring_recovery_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.amount} – {self.project.code}"
