"""The Region, its 8 ATS, provinces, ambiti and comuni; programming periods,
their intervention areas and the allocation of funds per ATS and year."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    name = models.CharField(_("nome"), max_length=100, unique=True)
    istat_code = models.CharField(_("codice ISTAT"), max_length=2, unique=True)

    class Meta:
        verbose_name = _("regione")
        verbose_name_plural = _("regioni")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="provinces",
        verbose_name=_("regione"),
    )
    code = models.CharField(_("sigla"), max_length=2, unique=True)
    name = models.CharField(_("nome"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("provincia")
        verbose_name_plural = _("province")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ATS(models.Model):
    """Agenzia di Tutela della Salute: leads one Rete per la conciliazione."""

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="ats_set",
        verbose_name=_("regione"),
    )
    code = models.CharField(_("codice"), max_length=3, unique=True)
    name = models.CharField(_("denominazione"), max_length=150, unique=True)
    short_name = models.CharField(_("nome breve"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    areas_served = models.CharField(
        _("territori serviti"),
        max_length=255,
        help_text=_("Come l'ATS descrive il proprio territorio, es. «Milano, Lodi»."),
    )
    provinces = models.ManyToManyField(
        Province, related_name="ats_set", verbose_name=_("province"), blank=True
    )
    website = models.URLField(_("sito web"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("ATS")
        verbose_name_plural = _("ATS")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territory:ats-detail", kwargs={"slug": self.slug})


class Ambito(models.Model):
    """Ambito territoriale: the municipalities sharing a Piano di Zona."""

    ats = models.ForeignKey(
        ATS, on_delete=models.PROTECT, related_name="ambiti", verbose_name=_("ATS")
    )
    name = models.CharField(_("denominazione"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("ambito territoriale")
        verbose_name_plural = _("ambiti territoriali")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ats", "name"], name="territory_ambito_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Comune(models.Model):
    istat_code = models.CharField(_("codice ISTAT"), max_length=6, unique=True)
    name = models.CharField(_("denominazione"), max_length=150)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="comuni",
        verbose_name=_("provincia"),
    )
    ambito = models.ForeignKey(
        Ambito,
        on_delete=models.PROTECT,
        related_name="comuni",
        null=True,
        blank=True,
        verbose_name=_("ambito territoriale"),
    )

    class Meta:
        verbose_name = _("comune")
        verbose_name_plural = _("comuni")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.province.code})"


class ProgrammingPeriod(models.Model):
    """A regional programming period, set by a DGR and an implementing decree."""

    slug = models.SlugField(_("codice"), max_length=20, unique=True)
    name = models.CharField(_("denominazione"), max_length=100)
    starts_on = models.DateField(_("inizio"))
    ends_on = models.DateField(_("fine"))
    dgr_reference = models.CharField(_("DGR"), max_length=60)
    dgr_date = models.DateField(_("data della DGR"), null=True, blank=True)
    decree_reference = models.CharField(
        _("decreto attuativo"), max_length=60, blank=True
    )
    decree_date = models.DateField(_("data del decreto"), null=True, blank=True)
    summary = models.TextField(_("sintesi"), blank=True)
    activities_end_by = models.DateField(
        _("termine delle attività dei progetti"),
        null=True,
        blank=True,
        help_text=_(
            "Data entro cui i progetti devono concludersi: il valore predefinito "
            "degli avvisi del periodo."
        ),
    )

    class Meta:
        verbose_name = _("periodo di programmazione")
        verbose_name_plural = _("periodi di programmazione")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="territory_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territory:period-detail", kwargs={"slug": self.slug})


class InterventionArea(models.Model):
    """An area of intervention admitted in a period (six in DGR XI/2398)."""

    period = models.ForeignKey(
        ProgrammingPeriod,
        on_delete=models.CASCADE,
        related_name="areas",
        verbose_name=_("periodo"),
    )
    number = models.PositiveSmallIntegerField(_("numero"))
    name = models.CharField(_("denominazione"), max_length=255)
    description = models.TextField(_("descrizione"), blank=True)

    class Meta:
        verbose_name = _("area di intervento")
        verbose_name_plural = _("aree di intervento")
        ordering = ["period", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "number"], name="territory_area_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Allocation(models.Model):
    """Funds the Region assigns to one ATS for one year of a period."""

    period = models.ForeignKey(
        ProgrammingPeriod,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("periodo"),
    )
    ats = models.ForeignKey(
        ATS, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("ATS")
    )
    year = models.PositiveSmallIntegerField(_("anno"))
    amount = models.DecimalField(_("importo (EUR)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("assegnazione")
        verbose_name_plural = _("assegnazioni")
        ordering = ["period", "ats", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "ats", "year"], name="territory_allocation_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="territory_allocation_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ats.short_name} {self.year}: {self.amount}"
