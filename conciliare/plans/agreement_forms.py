"""Forms of the agreements: the plan's template and the signature."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conciliare.calls.call_forms import DecimalCommaField
from conciliare.core.forms import StyledForm, StyledModelForm
from conciliare.documents.validators import max_upload_megabytes
from conciliare.partnerships.forms import DateInput, ServiceErrorsMixin
from conciliare.plans.agreement_defaults import PLACEHOLDERS
from conciliare.plans.agreement_services import (
    TemplateData,
    placeholders_unknown,
    placeholders_unknown_message,
)
from conciliare.plans.models import AgreementTemplate


class AgreementTemplateForm(ServiceErrorsMixin, StyledModelForm):
    """The text with its placeholders and the payment schedule; the service
    checks them again (unknown placeholders, share 0-100)."""

    advance_share = DecimalCommaField(
        label=_("Anticipo alla sottoscrizione (% del contributo)"),
        max_digits=5,
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": _("Indicare una percentuale, ad esempio 50 o 33,33."),
            "min_value": _("L'anticipo è una percentuale del contributo, tra 0 e 100."),
            "max_value": _("L'anticipo è una percentuale del contributo, tra 0 e 100."),
        },
    )

    sample_share = DecimalCommaField(
        label=_("Autocertificazioni verificate a campione (%)"),
        max_digits=5,
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": _("Indicare una percentuale, ad esempio 10 o 12,5."),
            "min_value": _("Il campione è una percentuale, tra 0 e 100."),
            "max_value": _("Il campione è una percentuale, tra 0 e 100."),
        },
    )

    class Meta:
        model = AgreementTemplate
        fields = [
            "body",
            "advance_share",
            "interim_report_months",
            "final_report_days",
            "sample_share",
            "reminder_days_before",
            "reminder_days_after",
        ]
        widgets: dict[str, forms.Widget] = {"body": forms.Textarea(attrs={"rows": 18})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advance_share"].help_text = gettext(
            "Percentuale del contributo erogata alla sottoscrizione; il resto "
            "è il saldo, all'approvazione della rendicontazione finale."
        )
        self.fields["interim_report_months"].help_text = gettext(
            "Usato quando il piano non fissa la scadenza della relazione intermedia."
        )
        self.fields["final_report_days"].help_text = gettext(
            "Usato quando il piano non fissa la scadenza della rendicontazione finale."
        )
        self.fields["body"].help_text = gettext(
            "Segnaposto disponibili: %(names)s."
        ) % {"names": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)}

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        unknown = placeholders_unknown(body)
        if unknown:
            raise forms.ValidationError(placeholders_unknown_message(unknown))
        return body

    def template_data(self) -> TemplateData:
        data = self.cleaned_data
        return {
            "body": data["body"],
            "advance_share": data["advance_share"],
            "interim_report_months": data["interim_report_months"],
            "final_report_days": data["final_report_days"],
            "sample_share": data["sample_share"],
            "reminder_days_before": data["reminder_days_before"],
            "reminder_days_after": data["reminder_days_after"],
        }


class AgreementSignForm(ServiceErrorsMixin, StyledForm):
    signed_on = forms.DateField(
        label=_("Data di sottoscrizione"),
        widget=DateInput(),
        error_messages={"required": _("Indicare la data di sottoscrizione.")},
    )
    signed_file = forms.FileField(
        label=_("Convenzione sottoscritta"),
        widget=forms.FileInput(attrs={"accept": ".pdf,.p7m"}),
        error_messages={
            "required": _(
                "Allegare la convenzione sottoscritta (PDF o PDF firmato .p7m)."
            ),
            "empty": _("Il file è vuoto: selezionare un file con un contenuto."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_file"].help_text = gettext(
            "PDF o PDF firmato digitalmente (.p7m). Dimensione massima: %(limit)s MB."
        ) % {"limit": max_upload_megabytes()}
