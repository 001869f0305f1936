"""The repeated rows of an application (actions, target groups, indicators,
budget lines) as formsets. A formset gives the service every row that is
filled in and not marked for deletion, all together: the service replaces
the rows of that kind or, with errors keyed ``<row>-<field>``, none."""

from decimal import Decimal
from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from conciliare.applications.models import (
    Application,
    BeneficiaryKind,
    BudgetCategory,
    CofinancingSource,
)
from conciliare.applications.services import ROW_KINDS
from conciliare.core.forms import StyledForm
from conciliare.partnerships.forms import DateInput, EuroField
from conciliare.registry.models import Organisation

_AMOUNT_ERRORS = {
    "invalid": _("Indicare un importo in euro, ad esempio 1500,00."),
    "min_value": _("L'importo non può essere negativo."),
}


def _amount(label: Any) -> EuroField:
    return EuroField(
        label=label,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages=_AMOUNT_ERRORS,
    )


def _number(label: Any) -> EuroField:
    return EuroField(
        label=label,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": _("Indicare un numero, ad esempio 120 o 12,5.")},
    )


class RowForm(StyledForm):
    """One row; ``row_kind`` names it in ROW_KINDS."""

    row_kind: ClassVar[str]
    #: Fields shown across the whole width (long texts).
    wide_fields: ClassVar[frozenset[str]] = frozenset({"description"})

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("responsible", "organisation"):
            if name in self.fields:
                field = cast("forms.ModelChoiceField[Organisation]", self.fields[name])
                field.queryset = organisations
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = _("Elimina questa riga")

    def row(self) -> dict[str, Any]:
        _model, names = ROW_KINDS[self.row_kind]
        return {name: self.cleaned_data[name] for name in names}


class ActionRowForm(RowForm):
    row_kind = "actions"

    title = forms.CharField(label=_("Azione"), max_length=255)
    responsible = forms.ModelChoiceField(
        label=_("Partner responsabile"), queryset=Organisation.objects.none()
    )
    starts_on = forms.DateField(label=_("Inizio"), widget=DateInput())
    ends_on = forms.DateField(label=_("Fine"), widget=DateInput())
    description = forms.CharField(
        label=_("Descrizione"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TargetGroupRowForm(RowForm):
    row_kind = "target_groups"

    kind = forms.ChoiceField(label=_("Destinatari"), choices=BeneficiaryKind)
    expected_beneficiaries = forms.IntegerField(
        label=_("Beneficiari attesi"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=_("Descrizione"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IndicatorRowForm(RowForm):
    row_kind = "indicators"

    name = forms.CharField(label=_("Indicatore"), max_length=255)
    unit = forms.CharField(label=_("Unità di misura"), max_length=50)
    baseline = _number(_("Valore di partenza"))
    target = _number(_("Valore obiettivo"))


class BudgetRowForm(RowForm):
    row_kind = "budget_lines"

    organisation = forms.ModelChoiceField(
        label=_("Partner"), queryset=Organisation.objects.none()
    )
    category = forms.ChoiceField(label=_("Voce di spesa"), choices=BudgetCategory)
    description = forms.CharField(
        label=_("Descrizione"), max_length=255, required=False
    )
    cost = _amount(_("Costo (euro)"))
    grant_requested = _amount(_("Contributo richiesto (euro)"))
    cofinancing_source = forms.ChoiceField(
        label=_("Fonte del cofinanziamento"),
        choices=CofinancingSource.choices,
        required=False,
        help_text=_("Il cofinanziamento è il costo meno il contributo richiesto."),
    )

    def cofinancing(self) -> Decimal | None:
        """Cost minus grant requested, as the service will store it."""
        values = getattr(self, "cleaned_data", {}) if self.is_bound else self.initial
        cost, grant = values.get("cost"), values.get("grant_requested")
        if isinstance(cost, Decimal) and isinstance(grant, Decimal):
            return cost - grant
        return None


class RowFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The rows of one kind; ``rows()`` once valid, then
    ``add_service_errors`` maps the service's ``<row>-<field>`` keys back."""

    form: type[RowForm]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._row_forms: list[RowForm] = []

    @property
    def kind(self) -> str:
        return self.form.row_kind

    def rows(self) -> list[dict[str, Any]]:
        """The filled-in rows not marked for deletion (call after is_valid)."""
        self._row_forms = []
        for index, form in enumerate(self.forms):
            if index >= self.initial_form_count() and not form.has_changed():
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            self._row_forms.append(form)
        return [form.row() for form in self._row_forms]

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self._non_form_errors = self.error_class(
                [*self.non_form_errors(), *exc.messages]
            )
            return
        for key, messages in exc.message_dict.items():
            index, _sep, name = key.partition("-")
            if not index.isdigit() or int(index) >= len(self._row_forms):
                self._non_form_errors = self.error_class(
                    [*self.non_form_errors(), *messages]
                )
                continue
            form = self._row_forms[int(index)]
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
            if target is not None:
                attrs = form.fields[target].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{form[target].auto_id}_error"
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


def _formset(form: type[RowForm]) -> type[RowFormSet]:
    formset = forms.formset_factory(
        form, formset=RowFormSet, extra=1, can_delete=True, max_num=200
    )
    return cast("type[RowFormSet]", formset)


ActionFormSet = _formset(ActionRowForm)
TargetGroupFormSet = _formset(TargetGroupRowForm)
IndicatorFormSet = _formset(IndicatorRowForm)
BudgetFormSet = _formset(BudgetRowForm)

FORMSETS: dict[str, type[RowFormSet]] = {
    "actions": ActionFormSet,
    "target_groups": TargetGroupFormSet,
    "indicators": IndicatorFormSet,
    "budget_lines": BudgetFormSet,
}


def initial_rows(application: Application, kind: str) -> list[dict[str, Any]]:
    """The saved rows of ``kind`` as the formset's initial data."""
    model, names = ROW_KINDS[kind]
    attnames = [model._meta.get_field(name).attname for name in names]  # type: ignore[union-attr]
    return [
        {
            name: getattr(obj, attname)
            for name, attname in zip(names, attnames, strict=True)
        }
        for obj in getattr(application, kind).all()
    ]


def formset_for(
    kind: str,
    application: Application,
    organisations: QuerySet[Organisation],
    data: Any = None,
) -> RowFormSet:
    return FORMSETS[kind](
        data,
        prefix=kind,
        initial=initial_rows(application, kind),
        form_kwargs={"organisations": organisations},
    )
