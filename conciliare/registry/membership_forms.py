"""Forms of the membership lifecycle: the joining form and the decisions."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from conciliare.core.forms import StyledForm
from conciliare.documents.validators import max_upload_megabytes
from conciliare.registry.forms import OrganisationForm
from conciliare.registry.membership_selectors import (
    DEFAULT_MEMBERSHIP_REGISTRY_ORDERING,
    LIVE_STATUSES_FILTER,
)
from conciliare.registry.membership_signed_form_services import (
    validate_signed_form,
)
from conciliare.registry.models import (
    Membership,
    MembershipStatus,
    Network,
    Organisation,
    SizeClass,
    Typology,
)
from conciliare.registry.selectors import organisation_get_by_tax_code
from conciliare.registry.validators import normalise_tax_code, validate_tax_code
from conciliare.territory.models import Ambito, InterventionArea


class MembershipRequestForm(StyledForm):
    """The online Modulo di adesione. When the tax code is not in the
    registry, the organisation's data come with it (``MembershipOrganisationForm``,
    shown alongside)."""

    tax_code = forms.CharField(
        label=_("Codice fiscale dell'ente"),
        max_length=24,
        validators=[validate_tax_code],
        help_text=_(
            "Se l'ente non è ancora registrato su Conciliare, compilare anche i "
            "dati dell'ente qui sotto."
        ),
    )
    legal_representative = forms.CharField(
        label=_("Legale rappresentante"), max_length=150
    )
    contact_name = forms.CharField(label=_("Referente"), max_length=150)
    contact_email = forms.EmailField(
        label=_("E-mail del referente"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Telefono del referente"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Aree di interesse"),
        queryset=InterventionArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    privacy_accepted = forms.BooleanField(
        label=_("Ho preso visione dell'informativa sul trattamento dei dati"),
        required=False,
    )
    regulation_accepted = forms.BooleanField(
        label=_("Accetto il Regolamento della rete"), required=False
    )
    directory_consent = forms.BooleanField(
        label=_("Acconsento alla pubblicazione dell'ente nell'elenco pubblico"),
        required=False,
    )
    signed_form = forms.FileField(
        label=_("Modulo di adesione firmato (facoltativo)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.p7m"}),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas: Any = self.fields["areas"]
        areas.queryset = InterventionArea.objects.filter(
            period_id=network.period_id
        ).order_by("number")
        areas.widget.attrs["class"] = "form-check-input"
        self.fields["signed_form"].help_text = _(
            "PDF firmato dal legale rappresentante oppure file firmato "
            "digitalmente (.p7m), al massimo %(limit)s MB. Se non lo si ha ancora, "
            "dopo l'invio si potrà scaricare il modulo precompilato, farlo "
            "firmare e caricarlo dalla pagina della richiesta."
        ) % {"limit": max_upload_megabytes()}
        self.organisation: Organisation | None = None

    def clean_tax_code(self) -> str:
        code = normalise_tax_code(self.cleaned_data["tax_code"])
        self.organisation = organisation_get_by_tax_code(tax_code=code)
        return code

    def clean_signed_form(self) -> UploadedFile | None:
        file: UploadedFile | None = self.cleaned_data.get("signed_form")
        if file is not None:
            validate_signed_form(file)
        return file

    @property
    def needs_organisation(self) -> bool:
        """The tax code is valid and not registered: the organisation's data
        are needed (known once the form was validated)."""
        return (
            self.is_bound
            and "tax_code" not in self.errors
            and self.organisation is None
        )

    @property
    def file_to_choose_again(self) -> bool:
        """A file was sent with a form shown again for its errors: browsers
        never keep a chosen file, so the person must pick it again."""
        return bool(self.is_bound and self.errors and self.files.get("signed_form"))

    def service_data(self) -> dict[str, Any]:
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in {"tax_code", "signed_form"}
        }

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put a service's ValidationError on its fields (else above the form)."""
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add_error(None, message)
            return
        for name, messages in exc.message_dict.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        self.full_clean_styling()

    def full_clean_styling(self) -> None:
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class MembershipOrganisationForm(OrganisationForm):
    """The data of an organisation not yet registered, on the joining form:
    the organisation form's fields and checks, without the tax code (asked
    once, above), the ambito (the comune's) and the website. Validated only
    when the tax code is not registered (``is_needed``)."""

    prefix = "ente"
    tax_code = None  # type: ignore[assignment]
    ambito = None  # type: ignore[assignment]
    website = None  # type: ignore[assignment]

    class Meta(OrganisationForm.Meta):
        # a subset of the organisation form's (typed as that exact tuple)
        fields = (  # type: ignore[assignment]
            "legal_name",
            "vat_number",
            "legal_form",
            "typology",
            "size_class",
            "address",
            "postal_code",
            "comune",
            "pec",
            "email",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("address", "postal_code", "pec", "email"):
            self.fields[name].required = True
        self.fields["pec"].help_text = _(
            "L'ATS può usarla per verificare la richiesta di adesione."
        )
        self.is_needed = True

    def full_clean(self) -> None:
        if not self.is_needed:
            # a registered organisation: what was typed here is kept, unchecked
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def service_data(self, *, tax_code: str) -> dict[str, Any]:
        """``organisation_register``'s data: these fields and the tax code."""
        return {**self.cleaned_data, "tax_code": tax_code}


class MembershipApproveForm(StyledForm):
    verification_note = forms.CharField(
        label=_("Verifica della richiesta"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["verification_note"]
        if membership.signed_form_id is None:
            field.label = _("Come è stata verificata la richiesta")
            field.required = True
            field.error_messages["required"] = _(
                "Il modulo di adesione firmato non è allegato: indicare come è "
                "stato verificato che la richiesta proviene dall'ente."
            )
            field.help_text = _(
                "Ad esempio «PEC prot. 1234 del 10/11/2026» oppure «modulo "
                "firmato consegnato a mano il 10/11/2026»."
            )
        else:
            field.label = _("Note sulla verifica (facoltative)")
            field.help_text = _(
                "Il modulo firmato è allegato: se non si scrive nulla, la verifica "
                "sarà registrata come «modulo firmato allegato»."
            )


class MembershipSignedFormForm(StyledForm):
    signed_form = forms.FileField(
        label=_("Modulo di adesione firmato"),
        widget=forms.FileInput(attrs={"accept": ".pdf,.p7m"}),
        error_messages={"required": _("Scegliere il file del modulo firmato.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_form"].help_text = _(
            "PDF firmato dal legale rappresentante oppure file firmato "
            "digitalmente (.p7m), al massimo %(limit)s MB."
        ) % {"limit": max_upload_megabytes()}

    def clean_signed_form(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["signed_form"]
        validate_signed_form(file)
        return file


class MembershipRejectForm(StyledForm):
    reason = forms.CharField(
        label=_("Motivazione"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sarà comunicata all'ente che ha chiesto l'adesione."),
        error_messages={"required": _("Indicare la motivazione del rifiuto.")},
    )


class MembershipStatusFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Stato"),
        choices=[("", _("Tutti gli stati")), *MembershipStatus.choices],
        required=False,
    )

    def status_value(self) -> str:
        if self.is_bound and self.is_valid():
            return str(self.cleaned_data.get("status") or "")
        return ""


class MembershipExcludeForm(StyledForm):
    reason = forms.CharField(
        label=_("Motivazione dell'esclusione"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sarà comunicata all'ente escluso dalla rete."),
        error_messages={"required": _("Indicare la motivazione dell'esclusione.")},
    )


class NetworkCarryOverForm(StyledForm):
    """The network of another period whose active members are carried over."""

    source = forms.ModelChoiceField(
        label=_("Rete di provenienza"),
        queryset=Network.objects.none(),
        empty_label=_("Scegliere la rete di un altro periodo"),
        error_messages={"required": _("Scegliere la rete di provenienza.")},
    )

    def __init__(self, *args: Any, sources: QuerySet[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source: Any = self.fields["source"]
        source.queryset = sources


MEMBERSHIP_REGISTRY_ORDERING_LABELS = {
    "name": _("Denominazione (A-Z)"),
    "-name": _("Denominazione (Z-A)"),
    "typology": _("Tipologia"),
    "comune": _("Comune"),
    "-joined": _("Membro da meno tempo"),
    "joined": _("Membro da più tempo"),
}


class MembershipRegistryFilterForm(StyledForm):
    """Search, filters and sort order of a network's member registry (GET)."""

    q = forms.CharField(
        label=_("Cerca"),
        max_length=100,
        required=False,
        help_text=_("Parte della denominazione oppure codice fiscale dell'ente."),
    )
    typology = forms.ChoiceField(
        label=_("Tipologia"),
        choices=[("", _("Tutte le tipologie")), *Typology.choices],
        required=False,
    )
    size_class = forms.ChoiceField(
        label=_("Dimensione"),
        choices=[("", _("Tutte le dimensioni")), *SizeClass.choices],
        required=False,
    )
    ambito = forms.ModelChoiceField(
        label=_("Ambito territoriale"),
        queryset=Ambito.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tutti gli ambiti"),
    )
    status = forms.ChoiceField(
        label=_("Stato"),
        choices=[
            (LIVE_STATUSES_FILTER, _("In corso (richieste, attive, presunte)")),
            ("all", _("Tutti gli stati")),
            *MembershipStatus.choices,
        ],
        required=False,
    )
    area = forms.ModelChoiceField(
        label=_("Area di interesse"),
        queryset=InterventionArea.objects.none(),
        required=False,
        empty_label=_("Tutte le aree"),
    )
    ordering = forms.ChoiceField(
        label=_("Ordina per"),
        choices=list(MEMBERSHIP_REGISTRY_ORDERING_LABELS.items()),
        required=False,
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ambito: Any = self.fields["ambito"]
        ambito.queryset = Ambito.objects.filter(ats_id=network.ats_id).order_by(
            "name", "pk"
        )
        area: Any = self.fields["area"]
        area.queryset = InterventionArea.objects.filter(
            period_id=network.period_id
        ).order_by("number")
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _(
                "Valore non valido: il filtro è stato ignorato."
            )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``membership_registry`` from the valid fields
        (an invalid one is left out and its error shown)."""
        if not self.is_bound:
            return {
                "status": LIVE_STATUSES_FILTER,
                "ordering": DEFAULT_MEMBERSHIP_REGISTRY_ORDERING,
            }
        self.is_valid()
        data = self.cleaned_data
        status = data.get("status") or LIVE_STATUSES_FILTER
        return {
            "search": data.get("q") or "",
            "typology": data.get("typology") or "",
            "size_class": data.get("size_class") or "",
            "ambito": data.get("ambito"),
            "status": "" if status == "all" else status,
            "area": data.get("area"),
            "ordering": data.get("ordering") or DEFAULT_MEMBERSHIP_REGISTRY_ORDERING,
        }
