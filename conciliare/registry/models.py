"""The registry of organisations (enti) that take part in the networks."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import StatusModel, TimeStampedModel
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


class Network(TimeStampedModel):
    """The Rete territoriale per la conciliazione of one ATS in one period."""

    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="networks",
        verbose_name=_("ATS"),
    )
    period = models.ForeignKey(
        "territory.ProgrammingPeriod",
        on_delete=models.PROTECT,
        related_name="networks",
        verbose_name=_("periodo di programmazione"),
    )
    description = models.TextField(_("descrizione"), blank=True)
    is_open = models.BooleanField(_("adesioni aperte"), default=True)
    regulation = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regolamento in vigore"),
    )

    class Meta:
        verbose_name = _("rete territoriale")
        verbose_name_plural = _("reti territoriali")
        ordering = ["ats", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["ats", "period"], name="registry_network_one_per_ats_period"
            )
        ]

    def __str__(self) -> str:
        return str(
            _("Rete territoriale %(ats)s %(period)s")
            % {"ats": self.ats.short_name, "period": self.period.name}
        )


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", _("Richiesta")
    ACTIVE = "active", _("Attiva")
    PRESUMED = "presumed", _("Presunta confermata")
    REJECTED = "rejected", _("Respinta")
    WITHDRAWN = "withdrawn", _("Ritirata")
    EXCLUDED = "excluded", _("Esclusa")


#: A live membership blocks another one of the same organisation and network.
LIVE_MEMBERSHIP_STATUSES = (
    MembershipStatus.REQUESTED,
    MembershipStatus.ACTIVE,
    MembershipStatus.PRESUMED,
)


class Membership(TimeStampedModel, StatusModel):
    """An organisation's adesione to a network, from the request onwards."""

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        MembershipStatus.REQUESTED: frozenset(
            {MembershipStatus.ACTIVE, MembershipStatus.REJECTED}
        ),
        MembershipStatus.ACTIVE: frozenset(
            {MembershipStatus.WITHDRAWN, MembershipStatus.EXCLUDED}
        ),
        MembershipStatus.PRESUMED: frozenset(
            {
                MembershipStatus.ACTIVE,
                MembershipStatus.WITHDRAWN,
                MembershipStatus.EXCLUDED,
            }
        ),
        MembershipStatus.REJECTED: frozenset(),
        MembershipStatus.WITHDRAWN: frozenset(),
        MembershipStatus.EXCLUDED: frozenset(),
    }

    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("rete"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("ente"),
    )
    status = models.CharField(
        _("stato"),
        max_length=20,
        choices=MembershipStatus,
        default=MembershipStatus.REQUESTED,
        db_index=True,
    )
    protocol_number = models.CharField(
        _("numero di protocollo"), max_length=20, unique=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="membership_requests",
        verbose_name=_("richiesta da"),
    )
    # Blank only for members imported from a list kept before Conciliare:
    # the joining service requires all three.
    legal_representative = models.CharField(
        _("legale rappresentante"), max_length=150, blank=True
    )
    contact_name = models.CharField(_("referente"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail del referente"), blank=True)
    contact_phone = models.CharField(
        _("telefono del referente"), max_length=32, blank=True
    )
    areas = models.ManyToManyField(
        "territory.InterventionArea",
        blank=True,
        related_name="memberships",
        verbose_name=_("aree di interesse"),
    )
    # Empty for members imported from a paper list (accepted on paper).
    privacy_accepted_at = models.DateTimeField(
        _("informativa privacy accettata il"), null=True, blank=True
    )
    regulation_accepted_at = models.DateTimeField(
        _("regolamento accettato il"), null=True, blank=True
    )
    accepted_regulation = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versione del regolamento accettata"),
    )
    member_since = models.DateField(
        _("membro dal"),
        null=True,
        blank=True,
        help_text=_(
            "Data della prima adesione dell'ente alla rete dell'ATS: resta la "
            "stessa quando l'adesione passa al periodo successivo."
        ),
    )
    verification_note = models.TextField(
        _("verifica della richiesta"),
        blank=True,
        help_text=_(
            "Come l'ATS ha verificato che la richiesta viene dall'ente "
            "(modulo firmato, PEC con protocollo e data)."
        ),
    )
    verified_at = models.DateTimeField(_("verificata il"), null=True, blank=True)
    directory_consent = models.BooleanField(
        _("consenso all'elenco pubblico"), default=False
    )
    signed_form = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modulo firmato"),
    )
    decided_at = models.DateTimeField(_("decisa il"), null=True, blank=True)
    decision_reason = models.TextField(_("motivazione"), blank=True)

    class Meta:
        verbose_name = _("adesione")
        verbose_name_plural = _("adesioni")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MembershipStatus.values),
                name="registry_membership_status_valid",
            ),
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=Q(status__in=LIVE_MEMBERSHIP_STATUSES),
                name="registry_membership_one_live_per_network",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[MembershipStatus.REJECTED, MembershipStatus.EXCLUDED]
                )
                | ~Q(decision_reason=""),
                name="registry_membership_decision_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[
                        MembershipStatus.ACTIVE,
                        MembershipStatus.PRESUMED,
                        MembershipStatus.WITHDRAWN,
                        MembershipStatus.EXCLUDED,
                    ]
                )
                | Q(member_since__isnull=False),
                name="registry_membership_member_has_since",
            ),
        ]
        indexes = [
            models.Index(
                fields=["network", "status", "member_since"],
                name="registry_membership_since_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.protocol_number} · {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse_pk("registry:membership-detail", self.pk)

    @property
    def ats_id(self) -> int:
        """The network's ATS, for the ATS-scoped predicates."""
        return self.network.ats_id

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_MEMBERSHIP_STATUSES


class ProtocolCounter(models.Model):
    """The last protocol number given by an ATS in a year (locked to assign)."""

    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ATS"),
    )
    year = models.PositiveSmallIntegerField(_("anno"))
    last_number = models.PositiveIntegerField(_("ultimo numero"), default=0)

    class Meta:
        verbose_name = _("contatore di protocollo")
        verbose_name_plural = _("contatori di protocollo")
        constraints = [
            models.UniqueConstraint(
                fields=["ats", "year"], name="registry_protocol_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ats_id}-{self.year}: {self.last_number}"


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Presidente")
    MEMBER = "member", _("Componente")
    SECRETARY = "secretary", _("Segretario")


class CommitteeMember(TimeStampedModel):
    """A seat on a network's Comitato di Programmazione, Valutazione e
    Monitoraggio, held by a person on behalf of a member organisation."""

    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="committee_members",
        verbose_name=_("rete"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="committee_seats",
        verbose_name=_("persona"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="committee_seats",
        verbose_name=_("ente rappresentato"),
    )
    role = models.CharField(
        _("ruolo"), max_length=16, choices=CommitteeRole, default=CommitteeRole.MEMBER
    )
    starts_on = models.DateField(_("in carica dal"))
    ends_on = models.DateField(_("in carica fino al"), null=True, blank=True)

    class Meta:
        verbose_name = _("componente del comitato")
        verbose_name_plural = _("componenti del comitato")
        ordering = ["role", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=CommitteeRole.values),
                name="registry_committee_member_role_valid",
            ),
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=Q(ends_on__isnull=True),
                name="registry_committee_member_one_current_seat",
            ),
            models.UniqueConstraint(
                fields=["network"],
                condition=Q(role=CommitteeRole.CHAIR, ends_on__isnull=True),
                name="registry_committee_member_one_current_chair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {CommitteeRole(self.role).label}"

    @property
    def ats_id(self) -> int:
        return self.network.ats_id

    @property
    def role_label(self) -> str:
        return str(CommitteeRole(self.role).label)

    @property
    def is_current(self) -> bool:
        return self.ends_on is None


class CommitteeMeeting(TimeStampedModel):
    """A meeting of a network's committee: agenda, attendance, decisions."""

    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="committee_meetings",
        verbose_name=_("rete"),
    )
    held_on = models.DateTimeField(_("data e ora"))
    place = models.CharField(_("luogo"), max_length=255)
    agenda = models.TextField(_("ordine del giorno"))
    minutes = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verbale"),
    )

    class Meta:
        verbose_name = _("riunione del comitato")
        verbose_name_plural = _("riunioni del comitato")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        from django.utils import timezone  # keeps the module header untouched

        when = timezone.localtime(self.held_on).strftime("%d/%m/%Y %H:%M")
        return str(_("Riunione del %(date)s") % {"date": when})

    def get_absolute_url(self) -> str:
        return reverse_pk("committee:meeting-detail", self.pk)

    @property
    def ats_id(self) -> int:
        return self.network.ats_id


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("riunione"),
    )
    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("componente"),
    )
    present = models.BooleanField(_("presente"), default=False)

    class Meta:
        verbose_name = _("presenza")
        verbose_name_plural = _("presenze")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="registry_meeting_attendance_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.member_id}: {self.present}"


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("riunione"),
    )
    number = models.PositiveSmallIntegerField(_("numero"))
    text = models.TextField(_("testo"))

    class Meta:
        verbose_name = _("decisione")
        verbose_name_plural = _("decisioni")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="registry_meeting_decision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class MembershipImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Caricato")
    CHECKING = "checking", _("Verifica in corso")
    CHECKED = "checked", _("Verificato")
    IMPORTING = "importing", _("Importazione in corso")
    IMPORTED = "imported", _("Importato")
    FAILED = "failed", _("Non riuscito")


def membership_import_upload_to(instance: "MembershipImport", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"imports/{uuid.uuid4().hex}.{extension}"


class MembershipImport(TimeStampedModel, StatusModel):
    """An officer's import of an existing member list (CSV or XLSX) into a
    network: checked row by row first (dry run), saved only when the check
    found no bad row, both steps run by the task worker."""

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        MembershipImportStatus.UPLOADED: frozenset(
            {MembershipImportStatus.CHECKING, MembershipImportStatus.FAILED}
        ),
        MembershipImportStatus.CHECKING: frozenset(
            {MembershipImportStatus.CHECKED, MembershipImportStatus.FAILED}
        ),
        MembershipImportStatus.CHECKED: frozenset(
            {MembershipImportStatus.IMPORTING, MembershipImportStatus.FAILED}
        ),
        MembershipImportStatus.IMPORTING: frozenset(
            {MembershipImportStatus.IMPORTED, MembershipImportStatus.FAILED}
        ),
        MembershipImportStatus.IMPORTED: frozenset(),
        MembershipImportStatus.FAILED: frozenset(),
    }

    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="imports",
        verbose_name=_("rete"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("caricato da"),
    )
    file = models.FileField(
        _("file"), upload_to=membership_import_upload_to, max_length=255
    )
    original_filename = models.CharField(_("nome del file"), max_length=255)
    status = models.CharField(
        _("stato"),
        max_length=16,
        choices=MembershipImportStatus,
        default=MembershipImportStatus.UPLOADED,
    )
    total_rows = models.PositiveIntegerField(_("righe"), default=0)
    processed_rows = models.PositiveIntegerField(_("righe elaborate"), default=0)
    error_count = models.PositiveIntegerField(_("righe con errori"), default=0)
    report = models.JSONField(
        _("esito della verifica"),
        default=list,
        blank=True,
        help_text=_("Un elemento per errore: riga, colonna, messaggio."),
    )
    organisations_created = models.PositiveIntegerField(_("enti creati"), default=0)
    memberships_created = models.PositiveIntegerField(_("adesioni create"), default=0)
    failure = models.TextField(_("motivo dell'interruzione"), blank=True)
    finished_at = models.DateTimeField(_("concluso il"), null=True, blank=True)

    class Meta:
        verbose_name = _("importazione di aderenti")
        verbose_name_plural = _("importazioni di aderenti")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MembershipImportStatus.values),
                name="registry_membership_import_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")),
                name="registry_membership_import_progress_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.network})"

    def get_absolute_url(self) -> str:
        return reverse_pk("registry:membership-import-detail", self.pk)

    @property
    def ats_id(self) -> int:
        return self.network.ats_id
