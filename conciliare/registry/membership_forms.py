"""Forms of the membership lifecycle: the joining form and the decisions."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from conciliare.core.forms import StyledForm
from conciliare.registry.models import MembershipStatus, Network, Organisation
from conciliare.registry.validators import normalise_tax_code, validate_tax_code
from conciliare.territory.models import InterventionArea


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
