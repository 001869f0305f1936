"""Forms of the monitoring reports: starting one, its general section, the
beneficiaries reached and the indicators (row formsets), the attachments,
the ATS's decision and the reopening, the filter of the overdue list."""

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conciliare.applications.models import BeneficiaryKind
from conciliare.calls.call_forms import DecimalCommaField
from conciliare.core.forms import StyledForm
from conciliare.core.row_formsets import RowFormSet
from conciliare.documents.filetypes import accepted_extensions, accepted_labels
from conciliare.documents.validators import max_upload_megabytes, validate_upload
from conciliare.monitoring.models import MonitoringReport, ReportKind
from conciliare.partnerships.forms import DateInput, ServiceErrorsMixin
from conciliare.plans.models import AgreementDeadline
from conciliare.territory.models import ATS, InterventionArea


class DeadlineField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: AgreementDeadline) -> str:
        return gettext("%(kind)s entro il %(date)s") % {
            "kind": obj.get_kind_display(),
            "date": f"{obj.due_on:%d/%m/%Y}",
        }


class ReportCreateForm(ServiceErrorsMixin, StyledForm):
    """The kind and the deadline; the period defaults to the one after the
    previous report when left empty."""

    kind = forms.ChoiceField(
        label=_("Relazione"),
        choices=ReportKind.choices,
        error_messages={"required": _("Scegliere il tipo di relazione.")},
    )
    deadline = DeadlineField(
        label=_("Scadenza della convenzione"),
        queryset=AgreementDeadline.objects.none(),
        required=False,
        empty_label=_("La prima scadenza libera di quel tipo"),
    )
    period_start = forms.DateField(
        label=_("Attività dal"), widget=DateInput(), required=False
    )
    period_end = forms.DateField(
        label=_("Attività al"), widget=DateInput(), required=False
    )

    def __init__(
        self,
        *args: Any,
        deadlines: QuerySet[AgreementDeadline] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast("DeadlineField", self.fields["deadline"])
        if deadlines is not None:
            field.queryset = deadlines
        self.fields["period_start"].help_text = gettext(
            "Se non indicato: dal giorno dopo la relazione precedente, o "
            "dall'avvio del progetto."
        )


class ReportGeneralForm(ServiceErrorsMixin, StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput())
    period_start = forms.DateField(
        label=_("Attività dal"),
        widget=DateInput(),
        error_messages={"required": _("Indicare l'inizio del periodo.")},
    )
    period_end = forms.DateField(
        label=_("Attività al"),
        widget=DateInput(),
        error_messages={"required": _("Indicare la fine del periodo.")},
    )
    activities = forms.CharField(
        label=_("Attività realizzate"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Le azioni svolte nel periodo, con i servizi erogati e i partner coinvolti."
        ),
    )
    narrative = forms.CharField(
        label=_("Relazione"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Andamento del progetto, risultati, difficoltà e correttivi."),
    )

    @classmethod
    def initial_for(cls, report: MonitoringReport) -> dict[str, Any]:
        return {
            "version": report.version,
            "period_start": report.period_start,
            "period_end": report.period_end,
            "activities": report.activities,
            "narrative": report.narrative,
        }

    def data_for_service(self) -> dict[str, Any]:
        return {
            field: self.cleaned_data[field]
            for field in ("period_start", "period_end", "activities", "narrative")
        }


class AreaField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: InterventionArea) -> str:
        return str(obj)


def _count_field(label: Any, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        error_messages={
            "required": _("Indicare quanti sono stati raggiunti."),
            "invalid": _("Indicare un numero intero."),
            "min_value": _("Il numero non può essere negativo."),
        },
    )


class ReachForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Destinatari"),
        choices=BeneficiaryKind.choices,
        initial=BeneficiaryKind.WORKERS,
    )
    area = AreaField(
        label=_("Area di intervento"),
        queryset=InterventionArea.objects.all(),
        required=False,
        empty_label=_("Tutte le aree / non indicata"),
    )
    reached = _count_field(_("Raggiunti"), required=True)
    women = _count_field(_("di cui donne"))
    men = _count_field(_("di cui uomini"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reached = data.get("reached")
        women, men = data.get("women"), data.get("men")
        if reached is not None and (women or 0) + (men or 0) > reached:
            self.add_error(
                "reached",
                gettext("Donne e uomini (%(split)s) superano i destinatari raggiunti.")
                % {"split": (women or 0) + (men or 0)},
            )
        return data


class ReachFormSet(RowFormSet):
    """One row per type of beneficiaries and area."""

    def __init__(
        self, *args: Any, areas: list[InterventionArea] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if areas is None:
            return
        # the areas of the project's period, read once for every row
        queryset = InterventionArea.objects.filter(pk__in=[a.pk for a in areas])
        empty = cast("AreaField", ReachForm.base_fields["area"]).empty_label
        choices: list[tuple[Any, Any]] = [("", empty)]
        choices += [(area.pk, str(area)) for area in areas]
        for form in self.forms:
            field = cast("AreaField", form.fields["area"])
            field.queryset = queryset
            field.choices = choices

    def clean(self) -> None:
        super().clean()
        seen: set[tuple[str, Any]] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not form.is_valid():
                continue
            key = (data["kind"], data.get("area"))
            if key in seen:
                form.add_error(
                    "kind",
                    gettext(
                        "Questi destinatari sono già indicati in un'altra riga per "
                        "la stessa area."
                    ),
                )
            seen.add(key)


ReachFormSetClass = cast(
    "type[ReachFormSet]",
    formset_factory(
        ReachForm, formset=ReachFormSet, extra=0, can_delete=True, max_num=40
    ),
)


def reach_initial(report: MonitoringReport) -> list[dict[str, Any]]:
    return [
        {
            "kind": row.kind,
            "area": row.area_id,
            "reached": row.reached,
            "women": row.women,
            "men": row.men,
        }
        for row in report.reach.all()
    ]


class IndicatorValueForm(StyledForm):
    pk = forms.IntegerField(widget=forms.HiddenInput())
    value = DecimalCommaField(
        label=_("Valore raggiunto"),
        required=False,
        error_messages={"invalid": _("Indicare un numero, ad esempio 120 o 12,5.")},
    )
    note = forms.CharField(label=_("Nota"), required=False, max_length=255)


IndicatorFormSet = cast(
    "type[RowFormSet]",
    formset_factory(IndicatorValueForm, formset=RowFormSet, extra=0, max_num=100),
)


def indicators_initial(report: MonitoringReport) -> list[dict[str, Any]]:
    return [
        {"pk": row.pk, "value": row.value, "note": row.note}
        for row in report.indicator_values.all()
    ]


class AttachmentForm(ServiceErrorsMixin, StyledForm):
    description = forms.CharField(
        label=_("Descrizione dell'allegato"),
        max_length=255,
        error_messages={"required": _("Descrivere il contenuto dell'allegato.")},
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ",".join(accepted_extensions())}),
        error_messages={
            "required": _("Scegliere il file da allegare."),
            "empty": _("Il file è vuoto: selezionare un file con un contenuto."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "Formati accettati: %(formats)s. Dimensione massima: %(limit)s MB."
        ) % {"formats": accepted_labels(), "limit": max_upload_megabytes()}

    def clean_file(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["file"]
        validate_upload(file)
        return file


class DecisionForm(ServiceErrorsMixin, StyledForm):
    ACCEPT = "accept"
    REQUEST_CHANGES = "changes"

    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accetta")), (REQUEST_CHANGES, _("Chiedi integrazioni"))],
        widget=forms.HiddenInput(),
        error_messages={"required": _("Scegliere l'esito.")},
    )
    note = forms.CharField(
        label=_("Osservazioni per l'ente capofila"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Obbligatorie per chiedere integrazioni: che cosa correggere o "
            "aggiungere. L'ente capofila le riceve per e-mail."
        ),
    )


class ReopenForm(ServiceErrorsMixin, StyledForm):
    reason = forms.CharField(
        label=_("Motivo della riapertura"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indicare il motivo della riapertura.")},
    )


class OverdueFilterForm(StyledForm):
    ats = forms.ModelChoiceField(
        label=_("ATS"),
        queryset=ATS.objects.none(),
        required=False,
        empty_label=_("Tutte le ATS"),
    )

    def __init__(self, *args: Any, choices: QuerySet[ATS], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField", self.fields["ats"]).queryset = choices  # type: ignore[type-arg]
