"""Forms of the membership lifecycle: the joining form and the decisions."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from conciliare.core.forms import StyledForm
from conciliare.registry.membership_selectors import (
    DEFAULT_MEMBERSHIP_REGISTRY_ORDERING,
    LIVE_STATUSES_FILTER,
)
from conciliare.registry.models import (
    MembershipStatus,
    Network,
    Organisation,
    SizeClass,
    Typology,
)
from conciliare.registry.validators import normalise_tax_code, validate_tax_code
from conciliare.territory.models import Ambito, InterventionArea


class MembershipRequestForm(StyledForm):
    """The online Modulo di adesione for an organisation already registered."""

    tax_code = forms.CharField(
        label=_("Codice fiscale dell'ente"),
        max_length=24,
        validators=[validate_tax_code],
        help_text=_("L'ente deve essere già registrato nell'anagrafe degli enti."),
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

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas: Any = self.fields["areas"]
        areas.queryset = InterventionArea.objects.filter(
            period_id=network.period_id
        ).order_by("number")
        areas.widget.attrs["class"] = "form-check-input"
        self.organisation: Organisation | None = None

    def clean_tax_code(self) -> str:
        code = normalise_tax_code(self.cleaned_data["tax_code"])
        self.organisation = Organisation.objects.filter(tax_code=code).first()
        if self.organisation is None:
            raise ValidationError(
                _(
                    "Nessun ente registrato con questo codice fiscale: chiedere "
                    "all'ATS di registrare l'ente, poi ripresentare la domanda."
                ),
                code="unknown",
            )
        return code

    def service_data(self) -> dict[str, Any]:
        return {
            key: value for key, value in self.cleaned_data.items() if key != "tax_code"
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
