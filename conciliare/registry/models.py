"""The registry of organisations (enti) that take part in the networks."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import TimeStampedModel
from conciliare.core.reverse import reverse_pk
from conciliare.registry.validators import validate_tax_code, validate_vat_number


class Typology(models.TextChoices):
    """The seven typologies the ATS use to describe their network (seed 001)."""

    PUBLIC_BODY = (
        "public_body",
        _(
            "Soggetti pubblici (Enti Locali, Aziende speciali, Aler, CCIAA, Consigliera Parità)"
        ),
    )
    PUBLIC_AMBITO = "public_ambito", _("Soggetti pubblici (Ambiti territoriali)")
    EMPLOYER_ASSOCIATION = (
        "employer_association",
        _("Associazioni datoriali di categoria"),
    )
    TRADE_UNION = "trade_union", _("Associazioni sindacali")
    EDUCATION = "education", _("Istruzione, Formazione, Afol, Università")
    PRIVATE_COMPANY = "private_company", _("Soggetti privati (Aziende)")
    PRIVATE_NONPROFIT = (
        "private_nonprofit",
        _("Soggetti privati (Organizzazioni No Profit)"),
    )


PUBLIC_TYPOLOGIES = frozenset({Typology.PUBLIC_BODY, Typology.PUBLIC_AMBITO})


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro (meno di 10 addetti)")
    SMALL = "small", _("Piccola (10-49 addetti)")
    MEDIUM = "medium", _("Media (50-249 addetti)")
    LARGE = "large", _("Grande (250 addetti e oltre)")


class LegalForm(models.TextChoices):
    MUNICIPALITY = "municipality", _("Comune")
    LOCAL_AUTHORITY = "local_authority", _("Altro ente locale")
    SPECIAL_AGENCY = "special_agency", _("Azienda speciale / consortile")
    PUBLIC_AGENCY = "public_agency", _("Ente o agenzia pubblica")
    HEALTH_AGENCY = "health_agency", _("Azienda sanitaria (ATS/ASST)")
    SCHOOL = "school", _("Istituzione scolastica o universitaria")
    ASSOCIATION = "association", _("Associazione")
    FOUNDATION = "foundation", _("Fondazione")
    SOCIAL_COOPERATIVE = "social_cooperative", _("Cooperativa sociale")
    COOPERATIVE = "cooperative", _("Società cooperativa")
    SPA = "spa", _("Società per azioni")
    SRL = "srl", _("Società a responsabilità limitata")
    PARTNERSHIP = "partnership", _("Società di persone")
    SOLE_TRADER = "sole_trader", _("Impresa individuale o professionista")
    OTHER = "other", _("Altra forma giuridica")


#: What people edit about an organisation (the form and the services agree).
ORGANISATION_EDITABLE_FIELDS = (
    "legal_name",
    "tax_code",
    "vat_number",
    "legal_form",
    "typology",
    "size_class",
    "address",
    "postal_code",
    "comune",
    "ambito",
    "pec",
    "email",
    "phone",
    "website",
)


class Organisation(TimeStampedModel):
    """An ente: a public or private body registered once for the whole Region."""

    legal_name = models.CharField(_("denominazione"), max_length=255)
    tax_code = models.CharField(
        _("codice fiscale"),
        max_length=16,
        blank=True,
        validators=[validate_tax_code],
    )
    vat_number = models.CharField(
        _("partita IVA"), max_length=11, blank=True, validators=[validate_vat_number]
    )
    legal_form = models.CharField(
        _("forma giuridica"), max_length=32, choices=LegalForm
    )
    typology = models.CharField(_("tipologia"), max_length=32, choices=Typology)
    size_class = models.CharField(_("dimensione"), max_length=16, choices=SizeClass)
    address = models.CharField(_("indirizzo"), max_length=255, blank=True)
    postal_code = models.CharField(_("CAP"), max_length=5, blank=True)
    comune = models.ForeignKey(
        "territory.Comune",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("comune"),
    )
    ambito = models.ForeignKey(
        "territory.Ambito",
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        verbose_name=_("ambito territoriale"),
    )
    pec = models.EmailField(_("PEC"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefono"), max_length=32, blank=True)
    website = models.URLField(_("sito web"), blank=True)
    is_synthetic = models.BooleanField(
        _("dato sintetico"),
        default=False,
        help_text=_("Ente generato per la dimostrazione, non reale."),
    )

    class Meta:
        verbose_name = _("ente")
        verbose_name_plural = _("enti")
        ordering = ["legal_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~Q(tax_code=""),
                name="registry_organisation_unique_tax_code",
            ),
            models.CheckConstraint(
                condition=~Q(tax_code="") | ~Q(vat_number=""),
                name="registry_organisation_has_tax_id",
            ),
            models.CheckConstraint(
                condition=Q(typology__in=Typology.values),
                name="registry_organisation_typology_valid",
            ),
            models.CheckConstraint(
                condition=Q(size_class__in=SizeClass.values),
                name="registry_organisation_size_valid",
            ),
            models.CheckConstraint(
                condition=Q(legal_form__in=LegalForm.values),
                name="registry_organisation_legal_form_valid",
            ),
        ]
        # One index per sort order of the registry list, so a page is an
        # index range scan, not a sort of every organisation.
        indexes = [
            models.Index(fields=["legal_name", "id"], name="registry_org_name_idx"),
            models.Index(
                fields=["typology", "legal_name", "id"],
                name="registry_org_typology_idx",
            ),
            models.Index(fields=["created_at", "id"], name="registry_org_created_idx"),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def get_absolute_url(self) -> str:
        return reverse_pk("registry:organisation-detail", self.pk)

    @property
    def typology_label(self) -> str:
        """Like ``get_typology_display()``, without rebuilding the choices."""
        return str(Typology(self.typology).label)

    @property
    def size_class_label(self) -> str:
        return str(SizeClass(self.size_class).label)

    @property
    def is_public(self) -> bool:
        return self.typology in PUBLIC_TYPOLOGIES
