"""Forms of the statements' pages: a new statement, an expense with its
document, and the ATS's check (each expense, the sample and its
verifications, the closing, the request for changes, the reopening).

Fields are checked here; the rules (dates within the project, partners of
the alliance, amounts within the declared one) are the services', whose
ValidationError ``call_service`` puts back beside the fields."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conciliare.applications.models import BudgetCategory
from conciliare.calls.call_forms import DecimalCommaField
from conciliare.core.forms import StyledForm
from conciliare.documents.validators import max_upload_megabytes
from conciliare.monitoring.expense_data import ExpenseData
from conciliare.monitoring.models import (
    ExpenseCheck,
    ExpenseEvidence,
    StatementKind,
    Verification,
)
from conciliare.monitoring.statement_sample_services import SEED_MAX
from conciliare.partnerships.forms import DateInput, ServiceErrorsMixin
from conciliare.registry.models import Organisation

_AMOUNT_INVALID = _("Indicare un importo in euro, ad esempio 1.250,00.")


def _date_field(label: Any, required: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages={
            "required": required,
            "invalid": _("Indicare una data valida."),
        },
    )


def _text_field(label: Any, *, required: Any = None, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required is not None,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required} if required is not None else None,
    )


class StatementCreateForm(ServiceErrorsMixin, StyledForm):
    """The kind and the period (the same names the project's page posts)."""

    kind = forms.ChoiceField(
        label=_("Tipo di rendiconto"),
        choices=StatementKind,
        error_messages={"required": _("Scegliere il tipo di rendiconto.")},
    )
    period_start = _date_field(_("Spese dal"), _("Indicare l'inizio del periodo."))
    period_end = _date_field(_("Spese al"), _("Indicare la fine del periodo."))


class ExpenseForm(ServiceErrorsMixin, StyledForm):
    """One expense and its supporting document."""

    organisation = forms.ModelChoiceField(
        label=_("Partner che ha sostenuto la spesa"),
        queryset=Organisation.objects.none(),
        empty_label=_("Scegliere il partner"),
        error_messages={
            "required": _("Indicare il partner che ha sostenuto la spesa."),
            "invalid_choice": _("Scegliere un partner dell'alleanza."),
        },
    )
    category = forms.ChoiceField(
        label=_("Voce di spesa"),
        choices=[("", _("Scegliere la voce di spesa")), *BudgetCategory.choices],
        error_messages={"required": _("Scegliere la voce di spesa.")},
    )
    description = forms.CharField(
        label=_("Descrizione"),
        max_length=255,
        error_messages={"required": _("Descrivere la spesa.")},
    )
    supplier = forms.CharField(
        label=_("Fornitore o percipiente"), max_length=255, required=False
    )
    evidence = forms.ChoiceField(
        label=_("Giustificativo"),
        choices=ExpenseEvidence,
        initial=ExpenseEvidence.INVOICE,
        error_messages={"required": _("Indicare il tipo di giustificativo.")},
    )
    document_number = forms.CharField(
        label=_("Numero del documento"),
        max_length=60,
        error_messages={
            "required": _("Indicare il numero del documento giustificativo.")
        },
    )
    document_date = _date_field(
        _("Data del documento"), _("Indicare la data del documento.")
    )
    amount = DecimalCommaField(
        label=_("Importo (euro)"),
        error_messages={
            "required": _("Indicare l'importo della spesa."),
            "invalid": _AMOUNT_INVALID,
            "max_digits": _("L'importo è troppo grande."),
            "max_decimal_places": _("Indicare l'importo al centesimo (due decimali)."),
            "max_whole_digits": _("L'importo è troppo grande."),
        },
    )
    file = forms.FileField(
        label=_("Documento giustificativo"),
        error_messages={
            "required": _("Allegare il documento giustificativo della spesa."),
            "empty": _("Il file è vuoto: selezionare un file con un contenuto."),
        },
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", "expense")
        super().__init__(*args, **kwargs)
        field = cast(
            "forms.ModelChoiceField[Organisation]", self.fields["organisation"]
        )
        field.queryset = organisations
        self.fields["file"].help_text = gettext(
            "Fattura, ricevuta, cedolino o autocertificazione firmata (PDF o "
            "immagine). Dimensione massima: %(limit)s MB."
        ) % {"limit": max_upload_megabytes()}
        self.fields["document_date"].help_text = gettext(
            "Entro la fine del periodo del rendiconto."
        )

    def expense_data(self) -> ExpenseData:
        data = self.cleaned_data
        return {
            "organisation": data["organisation"],
            "category": data["category"],
            "description": data["description"],
            "supplier": data["supplier"],
            "evidence": data["evidence"],
            "document_number": data["document_number"],
            "document_date": data["document_date"],
            "amount": data["amount"],
        }


class ExpenseCheckForm(ServiceErrorsMixin, StyledForm):
    """The officer's check of one expense (one form per row)."""

    outcome = forms.ChoiceField(
        label=_("Esito"),
        choices=[
            ("", _("Scegliere l'esito")),
            *[
                (value, label)
                for value, label in ExpenseCheck.choices
                if value != ExpenseCheck.PENDING
            ],
        ],
        error_messages={"required": _("Scegliere l'esito della verifica.")},
    )
    eligible_amount = DecimalCommaField(
        label=_("Importo ammissibile"),
        help_text=_("Solo se parzialmente ammissibile."),
        required=False,
        error_messages={
            "invalid": _AMOUNT_INVALID,
            "max_decimal_places": _("Indicare l'importo al centesimo (due decimali)."),
        },
    )
    reason = _text_field(_("Motivazione"), rows=2)

    def __init__(self, *args: Any, expense_pk: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"check-{expense_pk}")
        super().__init__(*args, **kwargs)

    def check_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        amount: Decimal | None = data.get("eligible_amount")
        return {
            "outcome": data["outcome"],
            "eligible_amount": amount,
            "reason": data.get("reason", ""),
        }


class ExpenseVerifyForm(ServiceErrorsMixin, StyledForm):
    """The verification of one sampled self-declaration."""

    outcome = forms.ChoiceField(
        label=_("Esito della verifica"),
        choices=[
            ("", _("Scegliere l'esito")),
            *[
                (value, label)
                for value, label in Verification.choices
                if value != Verification.PENDING
            ],
        ],
        error_messages={"required": _("Scegliere l'esito della verifica.")},
    )
    note = _text_field(_("Esito dei controlli"), rows=2)

    def __init__(self, *args: Any, expense_pk: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"verify-{expense_pk}")
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = gettext(
            "Obbligatorio se l'autocertificazione non è confermata: la spesa "
            "diventa non ammissibile."
        )


class SampleDrawForm(ServiceErrorsMixin, StyledForm):
    seed = forms.IntegerField(
        label=_("Seme (solo per ripetere un'estrazione già pubblicata)"),
        required=False,
        min_value=0,
        max_value=SEED_MAX,
        error_messages={
            "invalid": _("Il seme è un numero intero."),
            "min_value": _("Il seme è un numero intero non negativo."),
            "max_value": _("Il seme è troppo grande."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "sample")
        super().__init__(*args, **kwargs)
        self.fields["seed"].help_text = gettext(
            "Lasciare vuoto: il sistema genera un seme casuale e lo registra, "
            "così chiunque può ripetere l'estrazione."
        )


class StatementCloseForm(ServiceErrorsMixin, StyledForm):
    note = _text_field(_("Osservazioni per l'ente capofila"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "close")
        super().__init__(*args, **kwargs)


class StatementRequestChangesForm(ServiceErrorsMixin, StyledForm):
    note = _text_field(
        _("Che cosa integrare o correggere"),
        required=_("Indicare che cosa l'ente capofila deve integrare o correggere."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "changes")
        super().__init__(*args, **kwargs)


class StatementReopenForm(ServiceErrorsMixin, StyledForm):
    reason = _text_field(
        _("Motivo della riapertura"),
        required=_("Indicare il motivo della riapertura."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "reopen")
        super().__init__(*args, **kwargs)
