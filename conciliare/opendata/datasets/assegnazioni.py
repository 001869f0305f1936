"""assegnazioni: the funds Regione Lombardia assigns to each ATS for each
year of a programming period."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from conciliare.opendata.dataset import Column, ColumnKind, Dataset, Row, RowContext
from conciliare.opendata.selectors import allocation_rows_open, allocations_modified

COLUMNS = (
    Column("COD_ATS", ColumnKind.TEXT, _("Codice dell'ATS."), ""),
    Column("ATS", ColumnKind.TEXT, _("Agenzia di Tutela della Salute."), ""),
    Column(
        "COD_PERIODO", ColumnKind.TEXT, _("Codice del periodo di programmazione."), ""
    ),
    Column(
        "PERIODO",
        ColumnKind.TEXT,
        _("Periodo di programmazione regionale."),
        "OC_DESCR_CICLO (ciclo regionale, non europeo)",
    ),
    Column("ANNO", ColumnKind.INTEGER, _("Anno dell'assegnazione."), ""),
    Column(
        "IMPORTO",
        ColumnKind.AMOUNT,
        _("Importo assegnato all'ATS per l'anno, in euro."),
        "",
    ),
    Column(
        "DGR",
        ColumnKind.TEXT,
        _("Deliberazione della Giunta regionale che ha stabilito il periodo."),
        "",
    ),
)


def rows(context: RowContext) -> Iterator[Row]:
    for allocation in allocation_rows_open().iterator(500):
        yield {
            "COD_ATS": allocation.ats.code,
            "ATS": allocation.ats.name,
            "COD_PERIODO": allocation.period.slug,
            "PERIODO": allocation.period.name,
            "ANNO": allocation.year,
            "IMPORTO": allocation.amount,
            "DGR": allocation.period.dgr_reference,
        }


DATASET = Dataset(
    slug="assegnazioni",
    title=_("Assegnazioni regionali alle ATS"),
    description=_(
        "Le risorse che Regione Lombardia assegna a ciascuna ATS per ogni "
        "anno dei periodi di programmazione delle Reti territoriali per la "
        "conciliazione vita-lavoro."
    ),
    columns=COLUMNS,
    rows=rows,
    modified=allocations_modified,
    themes=("SOCI", "GOVE"),
    accrual_periodicity="IRREG",
    keywords=(_("conciliazione vita-lavoro"), _("assegnazioni"), _("ATS")),
)
