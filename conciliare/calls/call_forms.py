"""Forms of the reserved pages of a call: drafting it (every field and rule,
starting from ``call_initial``) and amending a published one (rettifica).

Fields are checked here; the rules across fields (close after opening, the
grant within the projects' share, areas of the period) are the services',
whose ValidationError ``add_service_errors`` puts back beside the fields."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import ats_ids_of
from conciliare.calls.models import Call, GuidanceDocument
from conciliare.calls.services import CALL_FIELDS, RULE_FIELDS
from conciliare.core.forms import StyledForm
from conciliare.partnerships.forms import DateInput, EuroField, ServiceErrorsMixin
from conciliare.registry.models import Typology
from conciliare.territory.models import ATS, InterventionArea, ProgrammingPeriod

#: What a rettifica may change on a published call.
AMENDABLE_FIELDS = (
    "title",
    "description",
    "closes_at",
    "max_grant",
    "min_grant",
    "min_cofinancing_share",
    "activities_end_by",
    "areas",
)


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date and time picker (local time, Europe/Rome)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def datetime_field(label: Any, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"],
        help_text=_("Ora italiana."),
        **kwargs,
    )


class DecimalCommaField(EuroField):
    """A number typed the Italian way (``20,5``) and shown with a comma."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)
        self.widget.is_localized = True


def amount_field(label: Any, **kwargs: Any) -> DecimalCommaField:
    return DecimalCommaField(
        label=label,
        min_value=0,
        error_messages={
            "invalid": _("Indicare un importo in euro, ad esempio 50.000,00."),
            "min_value": _("L'importo non può essere negativo."),
        },
        **kwargs,
    )


def share_field(label: Any, **kwargs: Any) -> DecimalCommaField:
    return DecimalCommaField(
        label=label,
        min_value=0,
        max_value=100,
        max_digits=5,
        error_messages={
            "invalid": _("Indicare una percentuale, ad esempio 30 o 12,5."),
            "min_value": _("La percentuale non può essere negativa."),
            "max_value": _("La percentuale non può superare 100."),
        },
        **kwargs,
    )


class GuidanceChoiceField(forms.ModelChoiceField[GuidanceDocument]):
    def label_from_instance(self, obj: GuidanceDocument) -> str:
        return f"{obj.title} ({obj.status_label})"


def _checkboxes(form: forms.Form, *names: str) -> None:
    for name in names:
        if name in form.fields:
            form.fields[name].widget.attrs["class"] = "form-check-input"


class CallForm(ServiceErrorsMixin, StyledForm):
    """Every field of a call in preparation. Creating one (``call=None``)
    also asks for its ATS, among those of which the user is an officer."""

    ats = forms.ModelChoiceField(
        label=_("ATS"), queryset=ATS.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Titolo dell'avviso"), max_length=255)
    description = forms.CharField(
        label=_("Descrizione"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Finalità dell'avviso e destinatari."),
    )
    guidance = GuidanceChoiceField(
        label=_("Documento Territoriale di Indirizzo attuato"),
        queryset=GuidanceDocument.objects.none(),
        required=False,
        empty_label=_("Non ancora indicato"),
        help_text=_("Per pubblicare l'avviso il documento deve essere adottato."),
    )
    act_number = forms.CharField(
        label=_("Numero dell'atto di approvazione"), max_length=50, required=False
    )
    act_date = forms.DateField(
        label=_("Data dell'atto di approvazione"), required=False, widget=DateInput()
    )
    total_budget = amount_field(_("Dotazione complessiva (euro)"))
    system_action_share = share_field(
        _("Quota per l'azione di sistema dell'ATS (%)"),
        help_text=_("Il resto della dotazione va ai progetti delle alleanze."),
    )
    opens_at = datetime_field(_("Apertura delle domande"))
    closes_at = datetime_field(_("Scadenza delle domande"))
    areas = forms.ModelMultipleChoiceField(
        label=_("Aree di intervento ammesse"),
        queryset=InterventionArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Indicare almeno un'area di intervento.")},
    )
    min_cofinancing_share = share_field(
        _("Cofinanziamento minimo (% del costo totale)"),
        help_text=_("Quota del costo totale del progetto coperta dai partner."),
    )
    min_grant = amount_field(_("Contributo minimo richiedibile (euro)"))
    max_grant = amount_field(_("Contributo massimo richiedibile (euro)"))
    activities_end_by = forms.DateField(
        label=_("Termine ultimo delle attività"), widget=DateInput()
    )
    min_score = DecimalCommaField(
        label=_("Punteggio minimo per il finanziamento"),
        min_value=0,
        max_digits=6,
        error_messages={"invalid": _("Indicare un punteggio, ad esempio 60.")},
    )
    lead_typologies = forms.MultipleChoiceField(
        label=_("Chi può essere capofila"),
        choices=Typology.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _(
                "Indicare almeno una tipologia di ente che può essere capofila."
            )
        },
    )
    min_partners = forms.IntegerField(
        label=_("Numero minimo di enti (capofila compreso)"), min_value=1
    )
    min_public_partners = forms.IntegerField(
        label=_("Numero minimo di enti pubblici"), min_value=0
    )
    min_small_firms = forms.IntegerField(
        label=_("Numero minimo di micro o piccole imprese"), min_value=0
    )
    partners_must_be_network_members = forms.BooleanField(
        label=_("I partner devono aderire alla rete dell'ATS"), required=False
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        period: ProgrammingPeriod,
        call: Call | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.period = period
        if call is not None:
            del self.fields["ats"]
            guidance = GuidanceDocument.objects.filter(ats_id=call.ats_id)
        else:
            ats_ids = ats_ids_of(user, Role.ATS_OFFICER)
            ats_field = cast("forms.ModelChoiceField[ATS]", self.fields["ats"])
            ats_field.queryset = ATS.objects.filter(pk__in=ats_ids).order_by("name")
            guidance = GuidanceDocument.objects.filter(ats_id__in=ats_ids)
            if not self.is_bound and len(ats_ids) == 1:
                self.initial.setdefault("ats", next(iter(ats_ids)))
        guidance_field = cast("GuidanceChoiceField", self.fields["guidance"])
        guidance_field.queryset = guidance.filter(period=period).order_by("title")
        areas = cast("forms.ModelMultipleChoiceField[Any]", self.fields["areas"])
        areas.queryset = period.areas.order_by("number")
        _checkboxes(self, "areas", "lead_typologies")

    @classmethod
    def initial_for(cls, call: Call) -> dict[str, Any]:
        rules = call.composition_rules
        initial = {
            name: getattr(call, name)
            for name in CALL_FIELDS
            if name not in ("areas", "guidance")
        }
        initial["guidance"] = call.guidance_id
        initial["areas"] = list(call.areas.all())
        initial.update({name: getattr(rules, name) for name in RULE_FIELDS})
        return initial

    def service_data(self) -> dict[str, Any]:
        """The keys of ``call_create``/``call_update``'s ``data``."""
        data = {
            name: self.cleaned_data[name]
            for name in (*CALL_FIELDS, *RULE_FIELDS)
            if name in self.cleaned_data
        }
        data["areas"] = list(data.get("areas") or [])
        return data


class CallAmendForm(ServiceErrorsMixin, StyledForm):
    """A rettifica: the fields that may change on a published call, and why.
    Only the fields the officer changed are sent to ``call_amend``."""

    title = forms.CharField(label=_("Titolo dell'avviso"), max_length=255)
    description = forms.CharField(
        label=_("Descrizione"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    closes_at = datetime_field(_("Scadenza delle domande"))
    min_grant = amount_field(_("Contributo minimo richiedibile (euro)"))
    max_grant = amount_field(_("Contributo massimo richiedibile (euro)"))
    min_cofinancing_share = share_field(
        _("Cofinanziamento minimo (% del costo totale)")
    )
    activities_end_by = forms.DateField(
        label=_("Termine ultimo delle attività"), widget=DateInput()
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Aree di intervento ammesse"),
        queryset=InterventionArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Indicare almeno un'area di intervento.")},
    )
    reason = forms.CharField(
        label=_("Motivo della rettifica"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "È pubblicato con la rettifica e inviato a chi sta preparando una domanda."
        ),
        error_messages={"required": _("Indicare il motivo della rettifica.")},
    )

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        initial = {
            name: getattr(call, name) for name in AMENDABLE_FIELDS if name != "areas"
        }
        # shown to the minute: an untouched close time is not a change
        initial["closes_at"] = timezone.localtime(call.closes_at).replace(
            second=0, microsecond=0
        )
        initial["areas"] = list(call.areas.all())
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        areas = cast("forms.ModelMultipleChoiceField[Any]", self.fields["areas"])
        areas.queryset = _period_areas(call)
        _checkboxes(self, "areas")

    def changes(self) -> dict[str, Any]:
        """The amendable fields the officer changed, cleaned."""
        data = {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in AMENDABLE_FIELDS
        }
        if "areas" in data:
            data["areas"] = list(data["areas"])
        return data


def _period_areas(call: Call) -> QuerySet[InterventionArea]:
    return InterventionArea.objects.filter(period_id=call.period_id).order_by("number")
