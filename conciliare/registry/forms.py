"""Forms of the organisation registry: the ente form and the list filters."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from conciliare.core.forms import StyledForm, StyledModelForm
from conciliare.registry.models import (
    ORGANISATION_EDITABLE_FIELDS,
    Organisation,
    SizeClass,
    Typology,
)
from conciliare.registry.selectors import DEFAULT_ORGANISATION_ORDERING
from conciliare.registry.validators import (
    normalise_tax_code,
    validate_tax_code,
    validate_vat_number,
)
from conciliare.territory.models import ATS, Ambito, Comune


class OrganisationForm(StyledModelForm):
    """Registry data an officer or representative may edit.

    Field validation (formats, check digits, choices) happens here; the
    model's own validation and the rules spanning fields or rows (a tax code
    already registered, one of tax code and VAT number) belong to the
    service, whose ValidationError the view puts back on the fields with
    ``add_service_errors``.
    """

    # Longer than the model's 16/11 characters so that codes typed with
    # spaces are accepted; they are normalised in clean_<field>.
    tax_code = forms.CharField(
        label=_("Codice fiscale"),
        max_length=24,
        required=False,
        validators=[validate_tax_code],
        help_text=_("11 cifre per gli enti, 16 caratteri per le persone fisiche."),
    )
    vat_number = forms.CharField(
        label=_("Partita IVA"),
        max_length=16,
        required=False,
        validators=[validate_vat_number],
        help_text=_("Indicare almeno uno tra codice fiscale e partita IVA."),
    )
    # "Milano (MI)": the province is joined, not fetched once per option
    comune = forms.ModelChoiceField(
        label=_("Comune"),
        queryset=Comune.objects.select_related("province").order_by("name", "pk"),
        empty_label=_("Scegliere un comune"),
    )
    ambito = forms.ModelChoiceField(
        label=_("Ambito territoriale"),
        queryset=Ambito.objects.order_by("name", "pk"),
        required=False,
        empty_label=_("Quello del comune"),
        help_text=_("Se non indicato, si usa l'ambito territoriale del comune."),
    )

    website = forms.URLField(
        label=_("Sito web"), max_length=200, required=False, assume_scheme="https"
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_EDITABLE_FIELDS
        labels = {
            "legal_name": _("Denominazione"),
            "legal_form": _("Forma giuridica"),
            "typology": _("Tipologia"),
            "size_class": _("Dimensione"),
            "address": _("Indirizzo"),
            "postal_code": _("CAP"),
            "pec": _("PEC"),
            "email": _("E-mail"),
            "phone": _("Telefono"),
        }
        widgets = {
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "postal_code": {
                "max_length": _("Il CAP ha 5 cifre."),
            },
        }

    def clean_tax_code(self) -> str:
        return normalise_tax_code(self.cleaned_data["tax_code"])

    def clean_vat_number(self) -> str:
        return normalise_tax_code(self.cleaned_data["vat_number"]).removeprefix("IT")

    def clean_postal_code(self) -> str:
        value: str = self.cleaned_data["postal_code"].strip()
        if value and not (len(value) == 5 and value.isdigit()):
            raise forms.ValidationError(_("Il CAP ha 5 cifre."), code="invalid")
        return value

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a service's ValidationError on its fields (else above the form),
        with the same ARIA links and styling as the form's own errors."""
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add_error(None, message)
            return
        for name, field_messages in exc.message_dict.items():
            target = name if name in self.fields else None
            for message in field_messages:
                self.add_error(target, message)
            if target is not None:
                self._mark_invalid(target)

    def _mark_invalid(self, name: str) -> None:
        bound = self[name]
        attrs = self.fields[name].widget.attrs
        described = {f"{bound.auto_id}_error"}
        if self.fields[name].help_text:
            described.add(f"{bound.auto_id}_helptext")
        attrs["aria-describedby"] = " ".join(sorted(described))
        attrs["aria-invalid"] = "true"
        if "is-invalid" not in attrs.get("class", "").split():
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()

    def _post_clean(self) -> None:
        """Skip ModelForm's model validation, which would also mutate the
        instance: the service runs ``full_clean`` with every constraint."""


#: Labels of the sort orders the selector accepts (same keys, same order).
ORDERING_LABELS = {
    "legal_name": _("Denominazione (A-Z)"),
    "-legal_name": _("Denominazione (Z-A)"),
    "typology": _("Tipologia"),
    "comune": _("Comune"),
    "-created_at": _("Registrati più di recente"),
}


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class OrganisationFilterForm(StyledForm):
    """Search, filters and sort order of the organisation list (GET)."""

    q = forms.CharField(
        label=_("Cerca"),
        max_length=100,
        required=False,
        help_text=_("Parte della denominazione, oppure codice fiscale o partita IVA."),
    )
    typology = forms.ChoiceField(
        label=_("Tipologia"),
        choices=_blank(_("Tutte le tipologie")) + list(Typology.choices),
        required=False,
    )
    size_class = forms.ChoiceField(
        label=_("Dimensione"),
        choices=_blank(_("Tutte le dimensioni")) + list(SizeClass.choices),
        required=False,
    )
    ats = forms.ModelChoiceField(
        label=_("ATS"),
        queryset=ATS.objects.order_by("code"),
        to_field_name="slug",
        required=False,
        empty_label=_("Tutte le ATS"),
    )
    ambito = forms.ModelChoiceField(
        label=_("Ambito territoriale"),
        queryset=Ambito.objects.order_by("name", "pk"),
        to_field_name="slug",
        required=False,
        empty_label=_("Tutti gli ambiti"),
    )
    ordering = forms.ChoiceField(
        label=_("Ordina per"),
        choices=list(ORDERING_LABELS.items()),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _(
                "Valore non valido: il filtro è stato ignorato."
            )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``organisation_list`` from the valid fields.

        A field with an invalid value is left out (its error is shown), so a
        bad address never breaks the list.
        """
        if not self.is_bound:
            return {"ordering": DEFAULT_ORGANISATION_ORDERING}
        self.is_valid()
        data = self.cleaned_data
        return {
            "search": data.get("q") or "",
            "typology": data.get("typology") or "",
            "size_class": data.get("size_class") or "",
            "ats": data.get("ats"),
            "ambito": data.get("ambito"),
            "ordering": data.get("ordering") or DEFAULT_ORGANISATION_ORDERING,
        }
