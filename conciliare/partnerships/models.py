"""Local alliances (Alleanze locali di conciliazione): public-private
partnerships led by an ente capofila, founded on a partnership agreement,
living from one programming period to the next."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import StatusModel, TimeStampedModel
from conciliare.registry.models import Typology


class Alliance(TimeStampedModel):
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="alliances",
        verbose_name=_("ATS"),
    )
    name = models.CharField(_("nome dell'alleanza"), max_length=255)
    slug = models.SlugField(_("indirizzo breve"), max_length=120)
    description = models.TextField(_("descrizione"), blank=True)
    lead = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="led_alliances",
        verbose_name=_("ente capofila"),
    )
    periods = models.ManyToManyField(
        "territory.ProgrammingPeriod",
        related_name="alliances",
        verbose_name=_("periodi di programmazione"),
    )
    ambiti = models.ManyToManyField(
        "territory.Ambito",
        blank=True,
        related_name="alliances",
        verbose_name=_("ambiti territoriali coperti"),
    )
    agreement = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accordo di partenariato"),
    )
    documents = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="alliances",
        verbose_name=_("documenti"),
    )
    website = models.URLField(_("pagina web"), blank=True)
    contact_name = models.CharField(_("referente"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail del referente"), blank=True)
    contact_phone = models.CharField(
        _("telefono del referente"), max_length=32, blank=True
    )
    is_open_to_partners = models.BooleanField(
        _("aperta a nuovi partner"),
        default=True,
        help_text=_("Gli enti possono chiedere di entrare con la scheda partnership."),
    )

    class Meta:
        verbose_name = _("alleanza locale")
        verbose_name_plural = _("alleanze locali")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ats", "slug"], name="partnerships_alliance_unique_slug"
            )
        ]
        indexes = [
            models.Index(fields=["ats", "name"], name="partnerships_alliance_ats_idx")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "partnerships:alliance-detail",
            kwargs={"ats": self.ats.slug, "slug": self.slug},
        )


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Ente capofila")
    PARTNER = "partner", _("Partner")


class Partner(TimeStampedModel):
    """An organisation's place in an alliance, with its contribution."""

    alliance = models.ForeignKey(
        Alliance,
        on_delete=models.CASCADE,
        related_name="partners",
        verbose_name=_("alleanza"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("ente"),
    )
    role = models.CharField(
        _("ruolo"), max_length=16, choices=PartnerRole, default=PartnerRole.PARTNER
    )
    technical_contribution = models.TextField(_("apporto tecnico"), blank=True)
    content_contribution = models.TextField(_("apporto di contenuto"), blank=True)
    economic_contribution = models.DecimalField(
        _("apporto economico (euro)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    economic_contribution_note = models.TextField(
        _("descrizione dell'apporto economico"), blank=True
    )
    joined_on = models.DateField(_("nell'alleanza dal"))
    left_on = models.DateField(_("uscito il"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partner")
        ordering = ["role", "organisation__legal_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=PartnerRole.values),
                name="partnerships_partner_role_valid",
            ),
            models.UniqueConstraint(
                fields=["alliance", "organisation"],
                condition=Q(left_on__isnull=True),
                name="partnerships_partner_one_current",
            ),
            models.UniqueConstraint(
                fields=["alliance"],
                condition=Q(role=PartnerRole.LEAD, left_on__isnull=True),
                name="partnerships_partner_one_current_lead",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="partnerships_partner_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(economic_contribution__isnull=True)
                | Q(economic_contribution__gte=0),
                name="partnerships_partner_economic_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.alliance}"

    @property
    def ats_id(self) -> int:
        return self.alliance.ats_id

    @property
    def is_current(self) -> bool:
        return self.left_on is None

    @property
    def role_label(self) -> str:
        return str(PartnerRole(self.role).label)


class PartnerRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Richiesta")
    ACCEPTED = "accepted", _("Accolta")
    DECLINED = "declined", _("Non accolta")
    WITHDRAWN = "withdrawn", _("Ritirata")


class PartnerRequest(TimeStampedModel, StatusModel):
    """A Scheda partnership: an organisation asks to join an alliance, stating
    the contribution it intends to bring; the lead body decides."""

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        PartnerRequestStatus.REQUESTED: frozenset(
            {
                PartnerRequestStatus.ACCEPTED,
                PartnerRequestStatus.DECLINED,
                PartnerRequestStatus.WITHDRAWN,
            }
        ),
        PartnerRequestStatus.ACCEPTED: frozenset(),
        PartnerRequestStatus.DECLINED: frozenset(),
        PartnerRequestStatus.WITHDRAWN: frozenset(),
    }

    alliance = models.ForeignKey(
        Alliance,
        on_delete=models.CASCADE,
        related_name="partner_requests",
        verbose_name=_("alleanza"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="partner_requests",
        verbose_name=_("ente"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("richiesta da"),
    )
    status = models.CharField(
        _("stato"),
        max_length=16,
        choices=PartnerRequestStatus,
        default=PartnerRequestStatus.REQUESTED,
    )
    technical_contribution = models.TextField(_("apporto tecnico"), blank=True)
    content_contribution = models.TextField(_("apporto di contenuto"), blank=True)
    economic_contribution = models.DecimalField(
        _("apporto economico (euro)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    economic_contribution_note = models.TextField(
        _("descrizione dell'apporto economico"), blank=True
    )
    message = models.TextField(_("messaggio al capofila"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decisa da"),
    )
    decided_at = models.DateTimeField(_("decisa il"), null=True, blank=True)
    decision_reason = models.TextField(_("motivazione"), blank=True)

    class Meta:
        verbose_name = _("scheda partnership")
        verbose_name_plural = _("schede partnership")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PartnerRequestStatus.values),
                name="partnerships_request_status_valid",
            ),
            models.UniqueConstraint(
                fields=["alliance", "organisation"],
                condition=Q(status=PartnerRequestStatus.REQUESTED),
                name="partnerships_request_one_open",
            ),
            models.CheckConstraint(
                condition=~Q(status=PartnerRequestStatus.DECLINED)
                | ~Q(decision_reason=""),
                name="partnerships_request_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(economic_contribution__isnull=True)
                | Q(economic_contribution__gte=0),
                name="partnerships_request_economic_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.alliance}"

    @property
    def ats_id(self) -> int:
        return self.alliance.ats_id


def default_lead_typologies() -> list[str]:
    """2020-2023: a public body or a private non-profit may lead (DOMAIN.md 1)."""
    return [
        Typology.PUBLIC_BODY.value,
        Typology.PUBLIC_AMBITO.value,
        Typology.PRIVATE_NONPROFIT.value,
    ]


class CompositionRules(TimeStampedModel):
    """Who may lead an alliance and its minimum composition: parameters of a
    period (its default) or of a call (which starts from the period's).

    The defaults are the documented examples: a public body or a private
    non-profit leads (2020-2023); at least 4 partners, 1 public body and 2
    micro or small firms (the 2022 regional call, DOMAIN.md 4)."""

    name = models.CharField(_("nome"), max_length=150)
    period = models.OneToOneField(
        "territory.ProgrammingPeriod",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="composition_rules",
        verbose_name=_("periodo (regole predefinite)"),
    )
    lead_typologies = models.JSONField(
        _("tipologie ammesse come capofila"), default=default_lead_typologies
    )
    min_partners = models.PositiveSmallIntegerField(
        _("numero minimo di enti (capofila compreso)"), default=4
    )
    min_public_partners = models.PositiveSmallIntegerField(
        _("numero minimo di enti pubblici"), default=1
    )
    min_small_firms = models.PositiveSmallIntegerField(
        _("numero minimo di micro o piccole imprese"), default=2
    )
    partners_must_be_network_members = models.BooleanField(
        _("i partner devono aderire alla rete dell'ATS"), default=False
    )

    class Meta:
        verbose_name = _("regole di composizione delle alleanze")
        verbose_name_plural = _("regole di composizione delle alleanze")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_partners__gte=1),
                name="partnerships_rules_min_partners_positive",
            )
        ]

    def __str__(self) -> str:
        return self.name
