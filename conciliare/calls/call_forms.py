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
from conciliare.calls.defaults import DEFAULT_CRITERIA
from conciliare.calls.models import Call, GuidanceDocument, ScoreMethod
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
    "score_method",
    "min_evaluators",
    "clarification_days",
    "tie_breakers",
    "allow_partial_funding",
)
#: How many tie-breaks a call may set, one select each, in order.
TIE_BREAKER_SLOTS = 3
TIE_BREAKER_FIELDS = tuple(f"tie_breaker_{i}" for i in range(1, TIE_BREAKER_SLOTS + 1))
#: Left unchanged when empty (the form always shows them filled in).
EVALUATION_FIELDS = (
    "score_method",
    "min_evaluators",
    "clarification_days",
    "allow_partial_funding",
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


def tie_breaker_choices(call: Call | None) -> list[tuple[str, str]]:
    """Every tie-break a call may use: its criteria by position and name,
    then the earlier submission, the lower grant, the higher co-financing."""
    if call is not None and call.pk:
        criteria = list(call.criteria.values_list("position", "name"))
    else:
        criteria = [
            (position, str(criterion["name"]))
            for position, criterion in enumerate(DEFAULT_CRITERIA, start=1)
        ]
    return [
        ("", str(_("Nessuno"))),
        *(
            (
                f"criterion:{position}",
                str(
                    _("Punteggio più alto sul criterio %(position)s – %(name)s")
                    % {"position": position, "name": name}
                ),
            )
            for position, name in criteria
        ),
        ("submitted_at", str(_("Domanda inviata per prima"))),
        ("lower_grant", str(_("Contributo richiesto più basso"))),
        ("higher_cofinancing", str(_("Quota di cofinanziamento più alta"))),
    ]


class EvaluationParametersMixin:
    """The call's parameters for evaluation and ranking: score method,
    evaluators, days for a clarification, tie-breaks (one select per slot,
    kept as the ordered list ``tie_breakers``) and partial funding."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    #: a tie-break refused by the service is shown beside the first select
    service_field_names = {"tie_breakers": TIE_BREAKER_FIELDS[0]}

    def add_evaluation_fields(self, call: Call | None) -> None:
        self.fields["score_method"] = forms.ChoiceField(
            label=_("Punteggio della domanda"),
            choices=ScoreMethod.choices,
            required=False,
        )
        self.fields["min_evaluators"] = forms.IntegerField(
            label=_("Valutatori per domanda"),
            required=False,
            min_value=1,
            max_value=20,
            help_text=_("Quanti componenti del Comitato valutano ogni domanda."),
            error_messages={"min_value": _("Indicare almeno un valutatore.")},
        )
        self.fields["clarification_days"] = forms.IntegerField(
            label=_("Giorni per rispondere al soccorso istruttorio"),
            required=False,
            min_value=1,
            max_value=365,
            error_messages={"min_value": _("Indicare almeno un giorno.")},
        )
        choices = tie_breaker_choices(call)
        for index, name in enumerate(TIE_BREAKER_FIELDS, start=1):
            self.fields[name] = forms.ChoiceField(
                label=_("Criterio di parità n. %(index)s") % {"index": index},
                choices=choices,
                required=False,
                error_messages={
                    "invalid_choice": _("Scegliere un criterio di parità dall'elenco.")
                },
            )
        self.fields["allow_partial_funding"] = forms.TypedChoiceField(
            label=_("Se i fondi residui non coprono l'intero contributo richiesto"),
            choices=[
                ("True", _("L'ultima domanda finanziabile riceve il residuo")),
                ("False", _("Il residuo non è assegnato")),
            ],
            coerce=lambda value: value is True or value == "True",
            required=False,
            empty_value=None,
        )
        for name in ("score_method", "min_evaluators", "clarification_days"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")
        initial = cast("forms.Form", self).initial
        tie_breakers = initial.get("tie_breakers")
        if isinstance(tie_breakers, list):
            for name, value in zip(TIE_BREAKER_FIELDS, tie_breakers, strict=False):
                initial.setdefault(name, value)

    def clean_evaluation_fields(self) -> None:
        """Join the tie-break selects into ``cleaned_data["tie_breakers"]``:
        in order, the empty ones dropped, each at most once. A parameter the
        request did not send at all (a page without them) is left as it is."""
        form = cast("forms.Form", self)
        for name in EVALUATION_FIELDS:
            if self.cleaned_data.get(name) in (None, ""):
                self.cleaned_data.pop(name, None)
        if not any(form.add_prefix(name) in form.data for name in TIE_BREAKER_FIELDS):
            return
        chosen: list[str] = []
        for name in TIE_BREAKER_FIELDS:
            value = self.cleaned_data.get(name)
            if not value:
                continue
            if value in chosen:
                form.add_error(
                    name, _("Questo criterio di parità è già indicato sopra.")
                )
                continue
            chosen.append(value)
        self.cleaned_data["tie_breakers"] = chosen


class CallForm(EvaluationParametersMixin, ServiceErrorsMixin, StyledForm):
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
        self.add_evaluation_fields(call)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_evaluation_fields()
        return cleaned

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


class CallAmendForm(EvaluationParametersMixin, ServiceErrorsMixin, StyledForm):
    """A rettifica: the fields that may change on a published call, and why.
    Only the fields the officer changed are sent to ``call_amend``.

    The evaluation parameters are part of it when the page shows them
    (``calls/_call_evaluation_fields.html``): a submitted form without them
    leaves them as they are."""

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
        self.call = call
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
        if not self.is_bound or "score_method" in self.data:
            self.add_evaluation_fields(call)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "score_method" in self.fields:
            self.clean_evaluation_fields()
        return cleaned

    def changes(self) -> dict[str, Any]:
        """The amendable fields the officer changed, cleaned."""
        data = {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in AMENDABLE_FIELDS and name in self.cleaned_data
        }
        if "areas" in data:
            data["areas"] = list(data["areas"])
        if "score_method" in self.fields and any(
            name in self.changed_data for name in TIE_BREAKER_FIELDS
        ):
            tie_breakers = self.cleaned_data.get("tie_breakers", [])
            if tie_breakers != list(self.call.tie_breakers or []):
                data["tie_breakers"] = tie_breakers
        return data


def _period_areas(call: Call) -> QuerySet[InterventionArea]:
    return InterventionArea.objects.filter(period_id=call.period_id).order_by("number")
