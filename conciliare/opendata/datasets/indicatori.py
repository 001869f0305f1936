"""indicatori: what each published project reached, from its latest
accepted monitoring report (reports are cumulative): the beneficiaries by
kind and intervention area, as reported, and the project's indicators
against their targets. Counts of people below the public threshold
(``DASHBOARD_MIN_PUBLIC_COUNT``, as on /numeri/) are left empty and flagged;
so are indicator values below it, which often count people too."""

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from conciliare.applications.models import BeneficiaryKind
from conciliare.dashboards.suppression import threshold
from conciliare.monitoring.models import ReportKind
from conciliare.opendata.dataset import (
    Column,
    ColumnKind,
    Dataset,
    Row,
    RowContext,
    in_italian,
)
from conciliare.opendata.monitoring_selectors import (
    indicator_rows_open,
    indicators_modified,
)

CHUNK_SIZE = 500
TEXT, DECIMAL, INTEGER = ColumnKind.TEXT, ColumnKind.DECIMAL, ColumnKind.INTEGER
REACH, INDICATOR = "destinatari", "indicatore"
YES, NO = "SI", "NO"

#: COD_INDICATORE and unit of the beneficiaries reached, by kind.
REACH_CODES = {
    BeneficiaryKind.WORKERS: ("DEST_LAVORATORI", _("persone")),
    BeneficiaryKind.FAMILIES: ("DEST_FAMIGLIE", _("famiglie")),
    BeneficiaryKind.FIRMS: ("DEST_IMPRESE", _("imprese")),
    BeneficiaryKind.CITIZENS: ("DEST_CITTADINI", _("persone")),
}

COLUMNS = (
    Column(
        "COD_LOCALE_PROGETTO",
        TEXT,
        _("Codice locale del progetto (collega al dataset progetti)."),
        "COD_LOCALE_PROGETTO",
    ),
    Column("COD_ATS", TEXT, _("Codice dell'ATS."), ""),
    Column("COD_PERIODO", TEXT, _("Codice del periodo di programmazione."), ""),
    Column(
        "DATA_RILEVAZIONE",
        ColumnKind.DATE,
        _(
            "Fine del periodo della relazione di monitoraggio da cui è tratto "
            "il valore: l'ultima accettata dall'ATS."
        ),
        "",
    ),
    Column("TIPO_RELAZIONE", TEXT, _("Relazione intermedia o finale."), ""),
    Column(
        "TIPO_INDICATORE",
        TEXT,
        _(
            "«destinatari» per i destinatari raggiunti, «indicatore» per un "
            "indicatore di risultato del progetto."
        ),
        "",
    ),
    Column(
        "COD_INDICATORE",
        TEXT,
        _(
            "Codice: DEST_LAVORATORI, DEST_FAMIGLIE, DEST_IMPRESE o "
            "DEST_CITTADINI per i destinatari; IND_ seguito dal numero "
            "dell'indicatore della domanda per gli indicatori."
        ),
        "COD_INDICATORE (codici propri di Conciliare)",
    ),
    Column(
        "DESCR_INDICATORE", TEXT, _("Descrizione dell'indicatore."), "DESCR_INDICATORE"
    ),
    Column(
        "AREA_INTERVENTO",
        TEXT,
        _(
            "Per i destinatari: l'area di intervento, «non indicata» se la "
            "relazione non la specifica; vuoto per gli indicatori."
        ),
        "",
    ),
    Column(
        "UNITA_MISURA_INDICATORE",
        TEXT,
        _("Unità di misura."),
        "UNITA_MISURA_INDICATORE",
    ),
    Column(
        "VALORE_BASE",
        DECIMAL,
        _("Valore di partenza dell'indicatore; vuoto per i destinatari."),
        "",
    ),
    Column(
        "PROGRAMMATO_INDICATORE",
        DECIMAL,
        _("Valore obiettivo dell'indicatore; vuoto per i destinatari."),
        "PROGRAMMATO_INDICATORE",
    ),
    Column(
        "REALIZZATO_INDICATORE",
        DECIMAL,
        _(
            "Valore raggiunto dall'avvio del progetto; vuoto se non rilevato "
            "o se oscurato (vedi DATO_OSCURATO)."
        ),
        "REALIZZATO_INDICATORE",
    ),
    Column(
        "DI_CUI_DONNE",
        INTEGER,
        _("Destinatari: di cui donne, dove rilevato; vuoto se oscurato."),
        "",
    ),
    Column(
        "DI_CUI_UOMINI",
        INTEGER,
        _("Destinatari: di cui uomini, dove rilevato; vuoto se oscurato."),
        "",
    ),
    Column(
        "DATO_OSCURATO",
        TEXT,
        _(
            "«SI» quando un valore è stato lasciato vuoto per riservatezza: "
            "valori tra 1 e la soglia di pubblicazione meno uno (come nelle "
            "pagine pubbliche); per i destinatari, donne e uomini sono "
            "oscurati insieme, perché l'uno si ricaverebbe dall'altro."
        ),
        "",
    ),
)


def _hidden(value: Decimal | int | None, limit: int) -> bool:
    """As ``suppression.is_suppressed``, for decimals too."""
    return value is not None and 0 < value < limit


def indicator_row(row: dict[str, Any], limit: int) -> Row:
    is_reach = bool(row["reach_kind"])
    realised = row["realised"]
    women, men = row["women_count"], row["men_count"]
    hide_value = _hidden(realised, limit)
    hide_gender = is_reach and (_hidden(women, limit) or _hidden(men, limit))
    if is_reach:
        kind = BeneficiaryKind(row["reach_kind"])
        code, unit = REACH_CODES[kind]
        description = str(_("Destinatari raggiunti: %(kind)s")) % {"kind": kind.label}
        area = (
            f"{row['area_number']}. {row['area_name']}"
            if row["area_number"] is not None
            else str(_("non indicata"))
        )
    else:
        reference = row["indicator_ref"]
        code = f"IND_{reference}" if reference else f"IND_R{row['row_id']}"
        unit, description, area = row["indicator_unit"], row["indicator_name"], ""
    return {
        "COD_LOCALE_PROGETTO": row["code"],
        "COD_ATS": row["ats_code"],
        "COD_PERIODO": row["period_slug"],
        "DATA_RILEVAZIONE": row["reported_until"],
        "TIPO_RELAZIONE": str(ReportKind(row["report_kind"]).label),
        "TIPO_INDICATORE": REACH if is_reach else INDICATOR,
        "COD_INDICATORE": code,
        "DESCR_INDICATORE": str(description),
        "AREA_INTERVENTO": area,
        "UNITA_MISURA_INDICATORE": str(unit),
        "VALORE_BASE": row["base_value"],
        "PROGRAMMATO_INDICATORE": row["target_value"],
        "REALIZZATO_INDICATORE": None if hide_value else realised,
        "DI_CUI_DONNE": None if hide_gender or hide_value else women,
        "DI_CUI_UOMINI": None if hide_gender or hide_value else men,
        "DATO_OSCURATO": YES if hide_value or hide_gender else NO,
    }


def rows(context: RowContext) -> Iterator[Row]:
    limit = threshold()
    found = indicator_rows_open().iterator(CHUNK_SIZE)
    return in_italian(indicator_row(row, limit) for row in found)


DATASET = Dataset(
    slug="indicatori",
    title=_("Destinatari raggiunti e indicatori dei progetti"),
    description=_(
        "Per ogni progetto pubblicato, dall'ultima relazione di monitoraggio "
        "accettata dall'ATS: i destinatari finali raggiunti per tipo "
        "(lavoratori, famiglie, imprese, cittadini) e area di intervento, "
        "con donne e uomini dove rilevati, e gli indicatori di risultato "
        "con valore di partenza, obiettivo e raggiunto. I valori inferiori "
        "alla soglia di riservatezza sono lasciati vuoti e segnalati."
    ),
    columns=COLUMNS,
    rows=rows,
    modified=indicators_modified,
    keywords=(_("conciliazione vita-lavoro"), _("indicatori"), _("destinatari")),
)
