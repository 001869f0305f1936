"""Applications (Domanda + Scheda progetto) of the alliances to a call, from
the first draft to the submission, with the snapshot of what was submitted.

The evaluation (a later issue) takes submitted applications from here; a
funded one becomes a ``projects.Project`` (ADR 0009)."""

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import StatusModel, TimeStampedModel

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise as _StrPromise


def money_field(
    verbose_name: "str | _StrPromise",
) -> "models.DecimalField[Decimal, Decimal]":
    """An amount in euro, exact to the cent."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2)


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("In compilazione")
    SUBMITTED = "submitted", _("Inviata")
    WITHDRAWN = "withdrawn", _("Ritirata")


#: The statuses in which the lead body may still change the application.
EDITABLE_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN})


class Application(TimeStampedModel, StatusModel):
    """The Domanda of an alliance to a call: one per alliance and call.

    ``version`` grows at every save: a save that carries an older version is
    refused, so two people editing the same draft never overwrite each other.
    """

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        ApplicationStatus.DRAFT: frozenset({ApplicationStatus.SUBMITTED}),
        ApplicationStatus.SUBMITTED: frozenset({ApplicationStatus.WITHDRAWN}),
        ApplicationStatus.WITHDRAWN: frozenset({ApplicationStatus.SUBMITTED}),
    }

    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("avviso"),
    )
    alliance = models.ForeignKey(
        "partnerships.Alliance",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("alleanza"),
    )
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("ATS"),
    )
    status = models.CharField(
        _("stato"),
        max_length=20,
        choices=ApplicationStatus,
        default=ApplicationStatus.DRAFT,
    )
    version = models.PositiveIntegerField(_("versione"), default=1)
    title = models.CharField(_("titolo del progetto"), max_length=255)
    summary = models.TextField(_("sintesi del progetto"), blank=True)
    objectives = models.TextField(_("obiettivi"), blank=True)
    areas = models.ManyToManyField(
        "territory.InterventionArea",
        related_name="applications",
        blank=True,
        verbose_name=_("aree di intervento"),
    )
    starts_on = models.DateField(_("inizio delle attività"), null=True, blank=True)
    ends_on = models.DateField(_("fine delle attività"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("creata da"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ultima modifica di"),
    )
    submitted_at = models.DateTimeField(_("inviata il"), null=True, blank=True)
    current_submission = models.OneToOneField(
        "applications.Submission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invio valido"),
    )

    class Meta:
        verbose_name = _("domanda")
        verbose_name_plural = _("domande")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "alliance"],
                name="applications_one_per_alliance_and_call",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="applications_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.SUBMITTED)
                | Q(submitted_at__isnull=False, current_submission__isnull=False),
                name="applications_submitted_has_submission",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="applications_dates_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"], name="applications_call_status_idx")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("applications:application-detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ApplicationAction(models.Model):
    """An action of the project, with its dates and the partner that runs it."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("domanda"),
    )
    title = models.CharField(_("azione"), max_length=255)
    description = models.TextField(_("descrizione"), blank=True)
    starts_on = models.DateField(_("inizio"))
    ends_on = models.DateField(_("fine"))
    responsible = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner responsabile"),
    )

    class Meta:
        verbose_name = _("azione del progetto")
        verbose_name_plural = _("azioni del progetto")
        ordering = ["application", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="applications_action_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title


class BeneficiaryKind(models.TextChoices):
    WORKERS = "workers", _("Lavoratori e lavoratrici")
    FAMILIES = "families", _("Famiglie")
    FIRMS = "firms", _("Imprese")
    CITIZENS = "citizens", _("Cittadini")


class ApplicationTargetGroup(models.Model):
    """Who the project reaches, and how many it expects to reach."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="target_groups",
        verbose_name=_("domanda"),
    )
    kind = models.CharField(_("destinatari"), max_length=20, choices=BeneficiaryKind)
    description = models.TextField(_("descrizione"), blank=True)
    expected_beneficiaries = models.PositiveIntegerField(_("beneficiari attesi"))

    class Meta:
        verbose_name = _("gruppo di destinatari")
        verbose_name_plural = _("destinatari")
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"], name="applications_target_group_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=BeneficiaryKind.values),
                name="applications_target_group_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ApplicationIndicator(models.Model):
    """A result indicator with its baseline and target value."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("domanda"),
    )
    name = models.CharField(_("indicatore"), max_length=255)
    unit = models.CharField(_("unità di misura"), max_length=50)
    baseline = models.DecimalField(
        _("valore di partenza"), max_digits=12, decimal_places=2
    )
    target = models.DecimalField(_("valore obiettivo"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("indicatore")
        verbose_name_plural = _("indicatori")
        ordering = ["application", "pk"]

    def __str__(self) -> str:
        return self.name


class BudgetCategory(models.TextChoices):
    PERSONNEL = "personnel", _("Personale")
    SERVICES = "services", _("Servizi e consulenze")
    VOUCHERS = "vouchers", _("Voucher e rimborsi ai destinatari")
    EQUIPMENT = "equipment", _("Attrezzature e materiali")
    COMMUNICATION = "communication", _("Comunicazione e promozione")
    MANAGEMENT = "management", _("Coordinamento e gestione")


class CofinancingSource(models.TextChoices):
    NONE = "", _("Nessun cofinanziamento")
    OWN = "own", _("Risorse proprie del partner")
    PUBLIC = "public", _("Altri fondi pubblici")
    PRIVATE = "private", _("Fondi privati (imprese, fondazioni)")


class ApplicationBudgetLine(models.Model):
    """One line of the budget: what a partner spends on a category, and how
    the cost is covered (grant requested + co-financing = cost, to the cent)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("domanda"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner"),
    )
    category = models.CharField(
        _("voce di spesa"), max_length=20, choices=BudgetCategory
    )
    description = models.CharField(_("descrizione"), max_length=255, blank=True)
    cost = money_field(_("costo (EUR)"))
    grant_requested = money_field(_("contributo richiesto (EUR)"))
    cofinancing = money_field(_("cofinanziamento (EUR)"))
    cofinancing_source = models.CharField(
        _("fonte del cofinanziamento"),
        max_length=20,
        choices=CofinancingSource,
        blank=True,
    )

    class Meta:
        verbose_name = _("voce del piano economico")
        verbose_name_plural = _("piano economico")
        ordering = ["application", "organisation", "category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost=F("grant_requested") + F("cofinancing")),
                name="applications_budget_line_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(grant_requested__gte=0, cofinancing__gte=0),
                name="applications_budget_line_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(category__in=BudgetCategory.values),
                name="applications_budget_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(cofinancing=0) | ~Q(cofinancing_source=""),
                name="applications_budget_cofinancing_has_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} – {self.cost}"


class ApplicationAttachment(models.Model):
    """A file attached to an application, for one of the call's required
    attachments or as a further document."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("domanda"),
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
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("caricato da"),
    )
    uploaded_at = models.DateTimeField(_("caricato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("allegato della domanda")
        verbose_name_plural = _("allegati della domanda")
        ordering = ["application", "requirement__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement"],
                condition=Q(requirement__isnull=False),
                name="applications_one_file_per_requirement",
            )
        ]

    def __str__(self) -> str:
        return str(self.document)


class PartnerConfirmation(models.Model):
    """A partner's confirmation of its role and contribution in a draft, with
    the figures it confirmed (a later change makes it stale)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="partner_confirmations",
        verbose_name=_("domanda"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confermata da"),
    )
    confirmed_at = models.DateTimeField(_("confermata il"))
    contribution = models.JSONField(_("contributo confermato"), default=dict)
    note = models.TextField(_("nota"), blank=True)

    class Meta:
        verbose_name = _("conferma del partner")
        verbose_name_plural = _("conferme dei partner")
        ordering = ["application", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "organisation"],
                name="applications_one_confirmation_per_partner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} @ {self.application_id}"


class Submission(models.Model):
    """One submission of an application: an immutable snapshot of what was
    sent, its protocol number and the server's timestamp.

    Only one submission of an application is valid at a time (the others
    were withdrawn); ``key`` makes a repeated submit (double click, network
    retry) return the same submission instead of creating another.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("domanda"),
    )
    key = models.UUIDField(_("chiave di invio"), default=uuid.uuid4)
    protocol_number = models.CharField(
        _("numero di protocollo"), max_length=20, unique=True
    )
    received_at = models.DateTimeField(
        _("ricevuta alle"),
        help_text=_("Quando il server ha ricevuto la richiesta di invio."),
    )
    submitted_at = models.DateTimeField(_("protocollata alle"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inviata da"),
    )
    snapshot = models.JSONField(_("contenuto inviato"))
    snapshot_sha256 = models.CharField(
        _("impronta SHA-256 del contenuto"), max_length=64
    )
    grant_requested = money_field(_("contributo richiesto (EUR)"))
    total_cost = money_field(_("costo totale (EUR)"))
    receipt = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ricevuta"),
    )
    withdrawn_at = models.DateTimeField(_("ritirata il"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ritirata da"),
    )

    class Meta:
        verbose_name = _("invio della domanda")
        verbose_name_plural = _("invii delle domande")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "key"], name="applications_submission_key_unique"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(withdrawn_at__isnull=True),
                name="applications_one_valid_submission",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__gte=F("received_at")),
                name="applications_submission_after_receipt",
            ),
        ]

    def __str__(self) -> str:
        return self.protocol_number

    def get_absolute_url(self) -> str:
        return reverse("applications:submission-receipt", kwargs={"pk": self.pk})
