"""Forms of the payments: a payment of each kind (its own prefix, so the
advance's and the balance's forms can share a page), the revocation and a
recovery. The services check everything again."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conciliare.calls.call_forms import DecimalCommaField
from conciliare.core.forms import StyledForm
from conciliare.core.money import euro
from conciliare.monitoring.models import PaymentKind
from conciliare.partnerships.forms import DateInput, ServiceErrorsMixin


def _date_field(label: Any, required: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages={
            "required": required,
            "invalid": _("Indicare una data valida."),
        },
    )


def _amount_field(label: Any, *, required: bool) -> DecimalCommaField:
    return DecimalCommaField(
        label=label,
        required=required,
        min_value=0,
        error_messages={
            "required": _("Indicare l'importo."),
            "invalid": _("Indicare un importo in euro, ad esempio 22.500,00."),
            "min_value": _("L'importo non può essere negativo."),
            "max_digits": _("Importo troppo grande."),
            "max_decimal_places": _("Indicare l'importo al centesimo."),
        },
    )


class PaymentForm(ServiceErrorsMixin, StyledForm):
    """A payment of ``kind``; the amount comes filled in with the schedule's
    (or the computed balance)."""

    act_number = forms.CharField(
        label=_("Numero dell'atto di liquidazione"),
        max_length=50,
        error_messages={"required": _("Indicare il numero dell'atto di liquidazione.")},
    )
    act_date = _date_field(_("Data dell'atto"), _("Indicare la data dell'atto."))
    paid_on = _date_field(_("Data del pagamento"), _("Indicare la data del pagamento."))
    amount = _amount_field(_("Importo (euro)"), required=False)
    note = forms.CharField(
        label=_("Nota"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        expected: Decimal | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs["prefix"] = kind
        if expected is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"].setdefault("amount", expected)
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.kind_label = PaymentKind(kind).label
        if expected is not None:
            if kind == PaymentKind.BALANCE:
                self.fields["amount"].help_text = gettext(
                    "Saldo calcolato: %(amount)s. Lasciare vuoto per usarlo."
                ) % {"amount": euro(expected)}
            else:
                self.fields["amount"].help_text = gettext(
                    "Importo previsto dalla convenzione: %(amount)s."
                ) % {"amount": euro(expected)}


class RevocationForm(ServiceErrorsMixin, StyledForm):
    prefix = "revoke"

    act_number = forms.CharField(
        label=_("Numero dell'atto di revoca"),
        max_length=50,
        error_messages={"required": _("Indicare il numero dell'atto di revoca.")},
    )
    act_date = _date_field(_("Data dell'atto"), _("Indicare la data dell'atto."))
    reason = forms.CharField(
        label=_("Motivazione"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indicare la motivazione della revoca.")},
    )
    amount_to_recover = _amount_field(_("Importo da recuperare (euro)"), required=False)

    def __init__(self, *args: Any, paid: Decimal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if paid is not None:
            self.fields["amount_to_recover"].help_text = gettext(
                "Lasciare vuoto per recuperare tutto quanto pagato: %(amount)s."
            ) % {"amount": euro(paid)}


class RecoveryForm(ServiceErrorsMixin, StyledForm):
    prefix = "recovery"

    amount = _amount_field(_("Importo incassato (euro)"), required=True)
    received_on = _date_field(_("Incassato il"), _("Indicare la data dell'incasso."))
    reference = forms.CharField(
        label=_("Riferimento (reversale, bonifico)"),
        max_length=100,
        error_messages={"required": _("Indicare il riferimento dell'incasso.")},
    )

    def __init__(self, *args: Any, due: Decimal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if due is not None:
            self.fields["amount"].help_text = gettext("Da recuperare: %(amount)s.") % {
                "amount": euro(due)
            }
