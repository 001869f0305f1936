"""Forms of the reserved pages of an alliance: its data, its partners and
their contributions, its documents. Fields are checked here; the rules that
span rows (a name taken in the ATS, a partner already in) are the services',
whose ValidationError ``add_service_errors`` puts back next to the fields."""

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import (
    ats_ids_of,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.core.exceptions import ApplicationError
from conciliare.core.forms import StyledForm
from conciliare.documents.filetypes import accepted_extensions, accepted_labels
from conciliare.documents.models import DocumentKind
from conciliare.documents.validators import max_upload_megabytes, validate_upload
from conciliare.partnerships.models import Alliance, Partner
from conciliare.partnerships.services import DocumentData
from conciliare.registry.models import Organisation
from conciliare.registry.validators import normalise_tax_code, validate_tax_code
from conciliare.territory.models import ATS, Ambito, ProgrammingPeriod


class DateInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ServiceErrorsMixin:
    """``add_service_errors(exc)``: a service's ValidationError beside its
    fields (or above the form), with the same ARIA links as the form's own."""

    fields: dict[str, forms.Field]
    #: Service field name -> form field name, where they differ.
    service_field_names: dict[str, str] = {}

    def add_service_errors(self, exc: ValidationError) -> None:
        form = cast("forms.Form", self)
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                form.add_error(None, message)
            return
        for name, messages in exc.message_dict.items():
            name = self.service_field_names.get(name, name)
            target = name if name in self.fields else None
            for message in messages:
                form.add_error(target, message)
            if target is not None:
                self.mark_invalid(target)

    def call_service(self, service: Callable[..., object], /, **kwargs: Any) -> bool:
        """Run ``service(**kwargs)``; False, with its refusal (ValidationError,
        ApplicationError) beside the fields, when it refuses."""
        try:
            service(**kwargs)
        except ValidationError as exc:
            self.add_service_errors(exc)
        except ApplicationError as exc:
            self.add_error_message(exc.field, exc.message)
        else:
            return True
        return False

    def add_error_message(self, field: str | None, message: str) -> None:
        """An ApplicationError's message beside ``field`` (if the form has it)."""
        form = cast("forms.Form", self)
        field = self.service_field_names.get(field or "", field)
        target = field if field in self.fields else None
        form.add_error(target, message)
        if target is not None:
            self.mark_invalid(target)

    def mark_invalid(self, name: str) -> None:
        bound = cast("forms.Form", self)[name]
        attrs = self.fields[name].widget.attrs
        described = {f"{bound.auto_id}_error"}
        if self.fields[name].help_text:
            described.add(f"{bound.auto_id}_helptext")
        attrs["aria-describedby"] = " ".join(sorted(described))
        attrs["aria-invalid"] = "true"
        if "is-invalid" not in attrs.get("class", "").split():
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


class OrganisationByTaxCodeField(forms.CharField):
    """A tax code typed by a person, cleaned to the Organisation of the
    registry that holds it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault(
            "help_text",
            _("L'ente deve essere già registrato nell'anagrafe degli enti."),
        )
        super().__init__(**kwargs)
        self.validators.append(validate_tax_code)

    def clean(self, value: Any) -> Organisation | None:
        code = normalise_tax_code(super().clean(value) or "")
        if not code:
            return None
        organisation = Organisation.objects.filter(tax_code=code).first()
        if organisation is None:
            raise ValidationError(
                _(
                    "Nessun ente registrato con questo codice fiscale: chiedere "
                    "all'ATS di registrare l'ente, poi riprovare."
                ),
                code="unknown",
            )
        return organisation


def _ambiti_of(ats: ATS | int | None) -> QuerySet[Ambito]:
    if ats is None:
        return Ambito.objects.none()
    return Ambito.objects.filter(ats=ats).order_by("name", "pk")


class AllianceForm(ServiceErrorsMixin, StyledForm):
    """An alliance's data. Creating one (``alliance=None``) also asks for its
    ATS and its lead: officers type the lead's tax code, representatives
    choose among the organisations they represent."""

    ats = forms.ModelChoiceField(
        label=_("ATS"), queryset=ATS.objects.none(), empty_label=None
    )
    lead = forms.ModelChoiceField(
        label=_("Ente capofila"),
        queryset=Organisation.objects.none(),
        empty_label=None,
    )
    name = forms.CharField(label=_("Nome dell'alleanza"), max_length=255)
    description = forms.CharField(
        label=_("Descrizione"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obiettivi, destinatari e attività dell'alleanza."),
    )
    periods = forms.ModelMultipleChoiceField(
        label=_("Periodi di programmazione"),
        queryset=ProgrammingPeriod.objects.order_by("-starts_on"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Indicare almeno un periodo di programmazione.")},
    )
    ambiti = forms.ModelMultipleChoiceField(
        label=_("Ambiti territoriali coperti"),
        queryset=Ambito.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(
        label=_("Pagina web"), max_length=200, required=False, assume_scheme="https"
    )
    contact_name = forms.CharField(label=_("Referente"), max_length=150, required=False)
    contact_email = forms.EmailField(
        label=_("E-mail del referente"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Riceve le schede partnership degli enti che chiedono di entrare."),
    )
    contact_phone = forms.CharField(
        label=_("Telefono del referente"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    is_open_to_partners = forms.BooleanField(
        label=_("Aperta a nuovi partner (scheda partnership)"),
        required=False,
        initial=True,
    )

    def __init__(
        self, *args: Any, user: Any, alliance: Alliance | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        if alliance is not None:
            del self.fields["ats"]
            del self.fields["lead"]
            ats: ATS | int | None = alliance.ats_id
        else:
            ats = self._set_up_creation(user)
        ambiti = cast("forms.ModelMultipleChoiceField[Ambito]", self.fields["ambiti"])
        ambiti.queryset = _ambiti_of(ats)
        for name in ("periods", "ambiti"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def _set_up_creation(self, user: Any) -> ATS | int | None:
        """Fill the ATS and lead fields for ``user``; the ATS of the ambiti."""
        ats_field = cast("forms.ModelChoiceField[ATS]", self.fields["ats"])
        officer_ats = ats_ids_of(user, Role.ATS_OFFICER)
        is_officer = is_regional_officer(user) or bool(officer_ats)
        if is_regional_officer(user):
            ats_field.queryset = ATS.objects.order_by("name")
        elif officer_ats and not organisation_ids_of(user):
            ats_field.queryset = ATS.objects.filter(pk__in=officer_ats).order_by("name")
        else:
            ats_field.queryset = ATS.objects.order_by("name")
            ats_field.help_text = _("L'ATS del territorio in cui l'alleanza opera.")
        if is_officer:
            self.fields["lead"] = OrganisationByTaxCodeField(
                label=_("Codice fiscale dell'ente capofila")
            )
        else:
            lead = cast("forms.ModelChoiceField[Organisation]", self.fields["lead"])
            lead.queryset = Organisation.objects.filter(
                pk__in=organisation_ids_of(user)
            ).order_by("legal_name", "pk")
            lead.help_text = _("Uno degli enti che rappresenti.")
            if not self.is_bound:
                first = lead.queryset.select_related("ambito").first()
                if first is not None and first.ambito is not None:
                    self.initial.setdefault("ats", first.ambito.ats_id)
        if not self.is_bound and "ats" not in self.initial:
            only = list(ats_field.queryset[:2])
            if len(only) == 1:
                self.initial["ats"] = only[0].pk
        chosen = self.data.get("ats") if self.is_bound else self.initial.get("ats")
        try:
            return int(chosen) if chosen else None
        except (TypeError, ValueError):
            return None

    def service_data(self) -> dict[str, Any]:
        """The keys of ``alliance_create``/``alliance_update``'s ``data``."""
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in ("ats", "lead")
        }


_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


class EuroField(forms.DecimalField):
    """An amount in euro as Italians type it: ``1.500,50``, ``1500,50``,
    ``1.500`` (fifteen hundred) or ``1500.50``; spaces and € are ignored."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = value.replace("€", "").replace(" ", "").replace("\u00a0", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif _THOUSANDS.match(text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


class ContributionFields(forms.Form):
    """What an organisation brings to an alliance (Partner or Scheda)."""

    technical_contribution = forms.CharField(
        label=_("Apporto tecnico"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Servizi, personale, spazi, strumenti messi a disposizione."),
    )
    content_contribution = forms.CharField(
        label=_("Apporto di contenuto"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Competenze, conoscenza del territorio, contatti con i destinatari."
        ),
    )
    economic_contribution = EuroField(
        label=_("Apporto economico (euro)"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": _("Indicare un importo in euro, ad esempio 1500,00."),
            "min_value": _("L'importo non può essere negativo."),
        },
    )
    economic_contribution_note = forms.CharField(
        label=_("Descrizione dell'apporto economico"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ad esempio cofinanziamento in denaro o valorizzazione di ore."),
    )


def _not_in_future(value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(gettext("La data non può essere nel futuro."))


class PartnerAddForm(ServiceErrorsMixin, StyledForm, ContributionFields):
    organisation = OrganisationByTaxCodeField(label=_("Codice fiscale dell'ente"))
    joined_on = forms.DateField(
        label=_("Nell'alleanza dal"),
        widget=DateInput(),
        validators=[_not_in_future],
        help_text=_("Ad esempio la data di firma dell'accordo di partenariato."),
    )
    field_order = ["organisation", "joined_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("joined_on", timezone.localdate())

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "organisation"}


class PartnerContributionForm(ServiceErrorsMixin, StyledForm, ContributionFields):
    joined_on = forms.DateField(
        label=_("Nell'alleanza dal"), widget=DateInput(), validators=[_not_in_future]
    )
    field_order = ["joined_on"]

    @classmethod
    def initial_for(cls, partner: Partner) -> dict[str, Any]:
        return {
            name: getattr(partner, name)
            for name in (
                "joined_on",
                "technical_contribution",
                "content_contribution",
                "economic_contribution",
                "economic_contribution_note",
            )
        }


class PartnerEndForm(ServiceErrorsMixin, StyledForm):
    left_on = forms.DateField(
        label=_("Uscito dall'alleanza il"),
        widget=DateInput(),
        error_messages={"required": _("Indicare la data di uscita.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("left_on", timezone.localdate())


if TYPE_CHECKING:
    _PartnerChoiceFieldBase = forms.ModelChoiceField[Partner]
else:  # not subscriptable at run time
    _PartnerChoiceFieldBase = forms.ModelChoiceField


class PartnerChoiceField(_PartnerChoiceFieldBase):
    """Partners shown by their organisation's name."""

    def label_from_instance(self, obj: Partner) -> str:
        return obj.organisation.legal_name


class LeadChangeForm(ServiceErrorsMixin, StyledForm):
    partner = PartnerChoiceField(
        label=_("Nuovo ente capofila"),
        queryset=Partner.objects.none(),
        empty_label=_("Scegliere tra i partner attuali"),
        error_messages={"required": _("Scegliere il nuovo capofila.")},
    )

    def __init__(self, *args: Any, partners: QuerySet[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("PartnerChoiceField", self.fields["partner"])
        field.queryset = partners


#: The kinds of document an alliance attaches (the agreement among them).
ALLIANCE_DOCUMENT_KINDS = (
    DocumentKind.AGREEMENT,
    DocumentKind.ACT,
    DocumentKind.FORM,
    DocumentKind.MINUTES,
    DocumentKind.REPORT,
    DocumentKind.OTHER,
)


class AllianceDocumentForm(ServiceErrorsMixin, StyledForm):
    """A document of the alliance; of kind «Accordo o convenzione» it
    becomes the alliance's partnership agreement."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ",".join(accepted_extensions())}),
        error_messages={"required": _("Scegliere il file da caricare.")},
    )
    title = forms.CharField(label=_("Titolo"), max_length=255)
    kind = forms.ChoiceField(
        label=_("Tipo"),
        choices=[(kind.value, kind.label) for kind in ALLIANCE_DOCUMENT_KINDS],
        initial=DocumentKind.AGREEMENT,
        help_text=_(
            "Un documento di tipo «Accordo o convenzione» diventa l'accordo di "
            "partenariato dell'alleanza."
        ),
    )
    act_number = forms.CharField(
        label=_("Numero dell'atto"), max_length=50, required=False
    )
    act_date = forms.DateField(
        label=_("Data dell'atto o della firma"), required=False, widget=DateInput()
    )
    valid_from = forms.DateField(label=_("Valido dal"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Valido fino al"), required=False, widget=DateInput()
    )
    is_public = forms.BooleanField(
        label=_("Pubblica sul portale"),
        required=False,
        initial=True,
        help_text=_("Se non pubblicato, lo leggono l'ATS e i partner dell'alleanza."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "Formati accettati: %(formats)s. Dimensione massima: %(limit)s MB."
        ) % {"formats": accepted_labels(), "limit": max_upload_megabytes()}
        if not self.is_bound:
            self.initial.setdefault("valid_from", timezone.localdate())

    def clean_file(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["file"]
        validate_upload(file)
        return file

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error(
                "valid_until",
                gettext("La fine della validità non può precedere l'inizio."),
            )
        return data

    @property
    def is_agreement(self) -> bool:
        return bool(self.cleaned_data.get("kind") == DocumentKind.AGREEMENT)

    def document_data(self) -> DocumentData:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "act_number": data["act_number"],
            "act_date": data["act_date"],
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
            "is_public": data["is_public"],
        }
