"""pagamenti: the money the ATS paid to each published project's lead body
(advance, interim payments, balance), the money given back (recoveries, as
negative amounts) and the revocations (no amount paid, the amount to
recover), one row each: the sum of IMPORTO_PAGAMENTO of a project is what
it kept."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from conciliare.monitoring.models import PaymentKind
from conciliare.opendata.dataset import (
    Column,
    ColumnKind,
    Dataset,
    Row,
    RowContext,
    in_italian,
)
from conciliare.opendata.monitoring_selectors import (
    PAYMENT,
    RECOVERY,
    REVOCATION,
    movement_rows_open,
    movements_modified,
)

CHUNK_SIZE = 500
TEXT, AMOUNT, DATE = ColumnKind.TEXT, ColumnKind.AMOUNT, ColumnKind.DATE

#: TIPO_PAGAMENTO of each payment kind and movement.
PAYMENT_CODES = {
    PaymentKind.ADVANCE: "anticipo",
    PaymentKind.INTERIM: "acconto",
    PaymentKind.BALANCE: "saldo",
}
RECOVERY_CODE, REVOCATION_CODE = "recupero", "revoca"

COLUMNS = (
    Column(
        "COD_LOCALE_PROGETTO",
        TEXT,
        _("Codice locale del progetto (collega al dataset progetti)."),
        "COD_LOCALE_PROGETTO",
    ),
    Column("COD_ATS", TEXT, _("Codice dell'ATS che ha pagato."), ""),
    Column("COD_PERIODO", TEXT, _("Codice del periodo di programmazione."), ""),
    Column(
        "PERIODO",
        TEXT,
        _("Periodo di programmazione regionale."),
        "OC_DESCR_CICLO (ciclo regionale, non europeo)",
    ),
    Column(
        "BENEFICIARIO",
        TEXT,
        _("Ente capofila dell'alleanza, che riceve i pagamenti."),
        "OC_DENOMINAZIONE_SOGG (ruolo Beneficiario)",
    ),
    Column(
        "TIPO_PAGAMENTO",
        TEXT,
        _(
            "«anticipo», «acconto» o «saldo» per un pagamento dell'ATS al "
            "capofila; «recupero» per una somma restituita dal capofila; "
            "«revoca» per l'atto che revoca il contributo."
        ),
        "",
    ),
    Column("DESCR_TIPO_PAGAMENTO", TEXT, _("Descrizione del tipo di movimento."), ""),
    Column(
        "DATA_PAGAMENTO",
        DATE,
        _(
            "Data del pagamento, dell'incasso del recupero o, per una revoca, "
            "dell'atto."
        ),
        "OC_DATA_PAGAMENTI (qui AAAA-MM-GG)",
    ),
    Column(
        "IMPORTO_PAGAMENTO",
        AMOUNT,
        _(
            "Importo in euro: positivo per un pagamento, negativo per un "
            "recupero, vuoto per una revoca. La somma per progetto è quanto "
            "il progetto ha trattenuto."
        ),
        "TOT_PAGAMENTI (definizione diversa: in OpenCoesione sono i "
        "pagamenti del soggetto attuatore)",
    ),
    Column(
        "IMPORTO_DA_RECUPERARE",
        AMOUNT,
        _(
            "Per un saldo inferiore a quanto già pagato e per una revoca: la "
            "somma che il capofila deve restituire; vuoto altrimenti."
        ),
        "",
    ),
    Column(
        "NUMERO_ATTO",
        TEXT,
        _("Numero dell'atto di liquidazione o di revoca dell'ATS."),
        "",
    ),
    Column("DATA_ATTO", DATE, _("Data dell'atto."), ""),
    Column(
        "RIFERIMENTO_INCASSO",
        TEXT,
        _("Per un recupero: il riferimento dell'incasso (reversale, bonifico)."),
        "",
    ),
)


def _kind(row: dict[str, Any]) -> tuple[str, str]:
    movement = row["movement"]
    if movement == PAYMENT:
        kind = PaymentKind(row["payment_kind"])
        return PAYMENT_CODES[kind], str(kind.label)
    if movement == RECOVERY:
        return RECOVERY_CODE, str(_("Recupero: somma restituita dal capofila"))
    if movement == REVOCATION:
        return REVOCATION_CODE, str(_("Revoca del contributo"))
    raise ValueError(movement)


def movement_row(row: dict[str, Any]) -> Row:
    code, label = _kind(row)
    return {
        "COD_LOCALE_PROGETTO": row["code"],
        "COD_ATS": row["ats_code"],
        "COD_PERIODO": row["period_slug"],
        "PERIODO": row["period_name"],
        "BENEFICIARIO": row["beneficiary"],
        "TIPO_PAGAMENTO": code,
        "DESCR_TIPO_PAGAMENTO": label,
        "DATA_PAGAMENTO": row["day"],
        "IMPORTO_PAGAMENTO": row["signed_amount"],
        "IMPORTO_DA_RECUPERARE": row["to_recover"],
        "NUMERO_ATTO": row["act_ref"],
        "DATA_ATTO": row["act_day"],
        "RIFERIMENTO_INCASSO": row["receipt_ref"],
    }


def rows(context: RowContext) -> Iterator[Row]:
    movements = movement_rows_open().iterator(CHUNK_SIZE)
    return in_italian(movement_row(row) for row in movements)


DATASET = Dataset(
    slug="pagamenti",
    title=_("Pagamenti, revoche e recuperi dei progetti"),
    description=_(
        "Per ogni progetto pubblicato, i pagamenti dell'ATS all'ente "
        "capofila (anticipo, acconti, saldo) con l'atto di liquidazione, le "
        "revoche del contributo e le somme restituite (recuperi, con importo "
        "negativo): la somma degli importi di un progetto è quanto ha "
        "trattenuto."
    ),
    columns=COLUMNS,
    rows=rows,
    modified=movements_modified,
    themes=("SOCI", "GOVE"),
    keywords=(_("conciliazione vita-lavoro"), _("pagamenti"), _("trasparenza")),
)
