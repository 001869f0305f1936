"""progetti: one row per published project, with the OpenCoesione names of
the variables where one applies."""

from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext_lazy as _

from conciliare.opendata.dataset import (
    Column,
    ColumnKind,
    Dataset,
    Row,
    RowContext,
    in_italian,
)
from conciliare.opendata.monitoring_selectors import (
    money_annotate,
    movements_modified,
    statements_modified,
)
from conciliare.opendata.selectors import project_rows_open, projects_modified
from conciliare.projects.models import Project, ProjectOrigin, ProjectStatus

#: Joins the values of a column that holds several (as OpenCoesione does).
MANY = ":::"
CHUNK_SIZE = 500

TEXT, AMOUNT, DATE = ColumnKind.TEXT, ColumnKind.AMOUNT, ColumnKind.DATE

COLUMNS = (
    Column(
        "COD_LOCALE_PROGETTO",
        TEXT,
        _("Codice locale del progetto, unico in Conciliare."),
        "COD_LOCALE_PROGETTO",
    ),
    Column(
        "CUP",
        TEXT,
        _("Codice Unico di Progetto: non ancora registrato, la colonna è vuota."),
        "CUP",
    ),
    Column("OC_TITOLO_PROGETTO", TEXT, _("Titolo del progetto."), "OC_TITOLO_PROGETTO"),
    Column(
        "OC_SINTESI_PROGETTO", TEXT, _("Sintesi del progetto."), "OC_SINTESI_PROGETTO"
    ),
    Column(
        "AREE_INTERVENTO",
        TEXT,
        _(
            "Tema: le aree di intervento del periodo in cui il progetto ricade, "
            "separate da «:::». È la classificazione della DGR regionale, non "
            "quella dei temi sintetici di OpenCoesione."
        ),
        "OC_TEMA_SINTETICO (classificazione diversa)",
    ),
    Column(
        "OC_FINANZ_TOT_PUB_NETTO",
        AMOUNT,
        _(
            "Finanziamento pubblico: il contributo del Piano Territoriale "
            "pubblicato più recente che finanzia il progetto; per i progetti "
            "storici il contributo pubblico registrato."
        ),
        "OC_FINANZ_TOT_PUB_NETTO",
    ),
    Column(
        "COSTO_TOTALE",
        AMOUNT,
        _(
            "Costo totale del progetto: contributo più cofinanziamento dei "
            "partner, dal Piano quando il progetto vi figura."
        ),
        "",
    ),
    Column(
        "IMPORTO_PAGATO",
        AMOUNT,
        _(
            "Pagato dall'ATS all'ente capofila (anticipo, acconti, saldo); "
            "il dettaglio è nel dataset pagamenti."
        ),
        "",
    ),
    Column(
        "IMPORTO_RECUPERATO",
        AMOUNT,
        _("Somme restituite dal capofila (dopo una revoca o un saldo negativo)."),
        "",
    ),
    Column(
        "SPESA_AMMESSA",
        AMOUNT,
        _(
            "Spesa sostenuta dal capofila e dai partner e riconosciuta "
            "ammissibile dall'ATS nei rendiconti verificati."
        ),
        "TOT_PAGAMENTI (approssimazione: in OpenCoesione i pagamenti del "
        "soggetto attuatore)",
    ),
    Column(
        "OC_DATA_INIZIO_PROGETTO",
        DATE,
        _("Data di inizio del progetto."),
        "OC_DATA_INIZIO_PROGETTO",
    ),
    Column(
        "OC_DATA_FINE_PROGETTO_PREVISTA",
        DATE,
        _("Data di fine prevista del progetto."),
        "OC_DATA_FINE_PROGETTO_PREVISTA",
    ),
    Column(
        "OC_STATO_PROGETTO",
        TEXT,
        _(
            "Stato del progetto: finanziato, convenzione sottoscritta, in "
            "corso, concluso, rendicontato, saldo erogato o revocato."
        ),
        "OC_STATO_PROGETTO (valori propri di Conciliare)",
    ),
    Column("COD_ATS", TEXT, _("Codice dell'ATS."), ""),
    Column("ATS", TEXT, _("Agenzia di Tutela della Salute del territorio."), ""),
    Column(
        "PERIODO",
        TEXT,
        _("Periodo di programmazione regionale."),
        "OC_DESCR_CICLO (ciclo regionale, non europeo)",
    ),
    Column("ALLEANZA", TEXT, _("Alleanza locale di conciliazione."), ""),
    Column(
        "SOGGETTO_PROGRAMMATORE",
        TEXT,
        _("Soggetto programmatore: l'ATS che ha approvato il Piano Territoriale."),
        "SOGG_DESCR_RUOLO = Programmatore (dataset soggetti)",
    ),
    Column(
        "SOGGETTO_ATTUATORE",
        TEXT,
        _("Soggetto attuatore: l'ente capofila dell'alleanza."),
        "SOGG_DESCR_RUOLO = Attuatore (dataset soggetti)",
    ),
    Column(
        "CODICE_FISCALE_ATTUATORE",
        TEXT,
        _("Codice fiscale (o partita IVA) dell'ente capofila."),
        "OC_CODICE_FISCALE_SOGG",
    ),
    Column("DEN_REGIONE", TEXT, _("Regione."), "DEN_REGIONE"),
    Column(
        "DEN_PROVINCIA",
        TEXT,
        _("Province servite dall'ATS, separate da «:::»."),
        "DEN_PROVINCIA",
    ),
    Column(
        "AMBITI_TERRITORIALI",
        TEXT,
        _("Ambiti territoriali coperti dall'alleanza, separati da «:::»."),
        "",
    ),
    Column(
        "ORIGINE",
        TEXT,
        _(
            "Origine del dato: avviso gestito su Conciliare o dati storici "
            "di un periodo precedente."
        ),
        "",
    ),
    Column(
        "OC_LINK",
        TEXT,
        _("Indirizzo della pagina pubblica del progetto."),
        "OC_LINK",
    ),
)


def _money(project: Project) -> Row:
    """What the monitoring knows (nothing for a historical project)."""
    known = project.origin != ProjectOrigin.HISTORICAL
    return {
        column: getattr(project, field, None) if known else None
        for column, field in (
            ("IMPORTO_PAGATO", "paid_total"),
            ("IMPORTO_RECUPERATO", "recovered_total"),
            ("SPESA_AMMESSA", "eligible_total"),
        )
    }


def _row(project: Project, context: RowContext) -> Row:
    grant = getattr(project, "plan_grant", None)
    total = getattr(project, "plan_total_cost", None)
    lead = project.alliance.lead
    return {
        "COD_LOCALE_PROGETTO": project.code,
        "CUP": "",
        "OC_TITOLO_PROGETTO": project.title,
        "OC_SINTESI_PROGETTO": project.summary,
        "AREE_INTERVENTO": MANY.join(
            area.name for area in sorted(project.areas.all(), key=lambda a: a.number)
        ),
        "OC_FINANZ_TOT_PUB_NETTO": grant
        if grant is not None
        else project.public_funding,
        "COSTO_TOTALE": total if total is not None else project.total_cost,
        **_money(project),
        "OC_DATA_INIZIO_PROGETTO": project.starts_on,
        "OC_DATA_FINE_PROGETTO_PREVISTA": project.ends_on,
        "OC_STATO_PROGETTO": str(ProjectStatus(project.status).label),
        "COD_ATS": project.ats.code,
        "ATS": project.ats.name,
        "PERIODO": project.period.name,
        "ALLEANZA": project.alliance.name,
        "SOGGETTO_PROGRAMMATORE": project.ats.name,
        "SOGGETTO_ATTUATORE": lead.legal_name,
        "CODICE_FISCALE_ATTUATORE": lead.tax_code or lead.vat_number,
        "DEN_REGIONE": project.ats.region.name,
        "DEN_PROVINCIA": MANY.join(
            sorted(province.name for province in project.ats.provinces.all())
        ),
        "AMBITI_TERRITORIALI": MANY.join(
            sorted(ambito.name for ambito in project.alliance.ambiti.all())
        ),
        "ORIGINE": str(ProjectOrigin(project.origin).label),
        "OC_LINK": context.absolute(project.get_absolute_url()),
    }


def rows(context: RowContext) -> Iterator[Row]:
    projects = money_annotate(project_rows_open()).iterator(CHUNK_SIZE)
    return in_italian(_row(project, context) for project in projects)


def modified() -> date | None:
    """The projects, their payments or their statements, the latest."""
    days = (projects_modified(), movements_modified(), statements_modified())
    return max((day for day in days if day is not None), default=None)


DATASET = Dataset(
    slug="progetti",
    title=_("Progetti delle Alleanze locali di conciliazione"),
    description=_(
        "I progetti di conciliazione vita-lavoro finanziati dai Piani "
        "Territoriali delle ATS lombarde e quelli dei periodi precedenti: "
        "codice, titolo, aree di intervento, finanziamento pubblico, costo, "
        "pagato, spesa ammessa, date, stato, soggetti programmatore e "
        "attuatore, territorio. Le "
        "variabili seguono i nomi del dataset progetti di OpenCoesione dove "
        "ne esiste uno equivalente."
    ),
    columns=COLUMNS,
    rows=rows,
    modified=modified,
    keywords=(_("conciliazione vita-lavoro"), _("progetti"), _("welfare")),
)
