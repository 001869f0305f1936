"""Forms of the Territorial Plan's reserved pages: a system action, the
funding sources and the milestones (rows), the summary, and the steps of
the version (approval with the act, the Region's remarks, the
rimodulazione's reason). Fields are checked here; the plan's rules are the
services', whose errors ``add_service_errors`` puts beside the fields."""

from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conciliare.calls.call_forms import amount_field
from conciliare.core.forms import StyledForm
from conciliare.core.row_formsets import RowFormSet
from conciliare.documents.filetypes import accepted_extensions, accepted_labels
from conciliare.documents.validators import max_upload_megabytes, validate_upload
from conciliare.partnerships.forms import DateInput, ServiceErrorsMixin
from conciliare.plans.models import (
    FundingKind,
    MilestoneKind,
    PlanVersion,
    SystemAction,
)
from conciliare.plans.plan_content_services import network_operators
from conciliare.registry.models import Organisation


class OperatorsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.legal_name


class SystemActionForm(ServiceErrorsMixin, StyledForm):
    title = forms.CharField(label=_("Titolo dell'azione"), max_length=255)
    description = forms.CharField(
        label=_("Descrizione"), widget=forms.Textarea(attrs={"rows": 4})
    )
    activities = forms.CharField(
        label=_("Attività previste"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    budget = amount_field(_("Budget (euro)"))
    operators = OperatorsField(
        label=_("Operatori di rete"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_(
            "Gli enti aderenti alla Rete territoriale che realizzano l'azione."
        ),
    )
    operators_note = forms.CharField(
        label=_("Altri operatori"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Operatori non presenti nell'elenco degli aderenti alla Rete."),
    )
    starts_on = forms.DateField(label=_("Inizio"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Fine"), required=False, widget=DateInput())

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(
            "forms.ModelMultipleChoiceField[Organisation]", self.fields["operators"]
        )
        field.queryset = network_operators(version=version)

    @staticmethod
    def initial_for(action: SystemAction) -> dict[str, Any]:
        return {
            "title": action.title,
            "description": action.description,
            "activities": action.activities,
            "budget": action.budget,
            "operators": list(action.operators.all()),
            "operators_note": action.operators_note,
            "starts_on": action.starts_on,
            "ends_on": action.ends_on,
        }

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", gettext("La fine non può precedere l'inizio."))
        return data


class FundingForm(StyledForm):
    kind = forms.ChoiceField(label=_("Fonte"), choices=FundingKind.choices)
    description = forms.CharField(
        label=_("Descrizione"), max_length=255, required=False
    )
    amount = amount_field(_("Importo (euro)"))


class MilestoneForm(StyledForm):
    kind = forms.ChoiceField(label=_("Scadenza"), choices=MilestoneKind.choices)
    due_on = forms.DateField(label=_("Entro il"), widget=DateInput())
    indicators = forms.CharField(
        label=_("Indicatori rilevati"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label=_("Descrizione"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


FundingFormSet = cast(
    "type[RowFormSet]",
    formset_factory(
        FundingForm, formset=RowFormSet, extra=0, can_delete=True, max_num=20
    ),
)
MilestoneFormSet = cast(
    "type[RowFormSet]",
    formset_factory(
        MilestoneForm, formset=RowFormSet, extra=0, can_delete=True, max_num=20
    ),
)


def funding_initial(version: PlanVersion) -> list[dict[str, Any]]:
    return [
        {"kind": f.kind, "description": f.description, "amount": f.amount}
        for f in version.funding_sources.order_by("kind", "pk")
    ]


def milestones_initial(version: PlanVersion) -> list[dict[str, Any]]:
    return [
        {
            "kind": m.kind,
            "due_on": m.due_on,
            "indicators": m.indicators,
            "description": m.description,
        }
        for m in version.milestones.order_by("due_on", "pk")
    ]


class SummaryForm(ServiceErrorsMixin, StyledForm):
    summary = forms.CharField(
        label=_("Sintesi del piano"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Il quadro del piano: obiettivi, priorità e governance."),
    )


def _not_in_future(value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(gettext("La data dell'atto non può essere futura."))


class ApproveForm(ServiceErrorsMixin, StyledForm):
    act_number = forms.CharField(
        label=_("Numero dell'atto di approvazione"),
        max_length=50,
        help_text=_("Ad esempio il numero della deliberazione del Direttore Generale."),
        error_messages={"required": _("Indicare il numero dell'atto di approvazione.")},
    )
    act_date = forms.DateField(
        label=_("Data dell'atto di approvazione"),
        widget=DateInput(),
        validators=[_not_in_future],
        error_messages={"required": _("Indicare la data dell'atto di approvazione.")},
    )
    act_file = forms.FileField(
        label=_("Atto di approvazione (file)"),
        widget=forms.FileInput(attrs={"accept": ",".join(accepted_extensions())}),
        error_messages={"required": _("Scegliere il file dell'atto da caricare.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["act_file"].help_text = gettext(
            "Formati accettati: %(formats)s. Dimensione massima: %(limit)s MB. "
            "L'atto è pubblicato sul portale con il piano."
        ) % {"formats": accepted_labels(), "limit": max_upload_megabytes()}

    def clean_act_file(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["act_file"]
        validate_upload(file)
        return file


class ReturnForm(ServiceErrorsMixin, StyledForm):
    remarks = forms.CharField(
        label=_("Osservazioni per l'ATS"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Indicare le osservazioni per l'ATS.")},
        help_text=_(
            "Che cosa l'ATS deve correggere prima di approvare di nuovo il piano."
        ),
    )


class AmendForm(ServiceErrorsMixin, StyledForm):
    reason = forms.CharField(
        label=_("Motivo della rimodulazione"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Indicare il motivo della rimodulazione.")},
    )


class RegionFilterForm(StyledForm):
    period = forms.ChoiceField(label=_("Periodo di programmazione"), required=False)

    def __init__(self, *args: Any, periods: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["period"]).choices = [
            (p.slug, p.name) for p in periods
        ]
