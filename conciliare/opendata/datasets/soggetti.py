"""soggetti: the subjects of each published project with their role, as
OpenCoesione's soggetti dataset: the ATS (programmatore), the lead body
(attuatore) and the alliance's current partners (partner)."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from conciliare.opendata.dataset import (
    Column,
    ColumnKind,
    Dataset,
    Row,
    RowContext,
    in_italian,
)
from conciliare.opendata.selectors import subject_rows_open, subjects_modified
from conciliare.projects.models import Project
from conciliare.registry.models import Organisation, Typology

CHUNK_SIZE = 500
TEXT = ColumnKind.TEXT

PROGRAMMER, IMPLEMENTER, PARTNER = "programmatore", "attuatore", "partner"

COLUMNS = (
    Column(
        "COD_LOCALE_PROGETTO",
        TEXT,
        _("Codice locale del progetto (collega al dataset progetti)."),
        "COD_LOCALE_PROGETTO",
    ),
    Column(
        "SOGG_COD_RUOLO",
        TEXT,
        _(
            "Ruolo del soggetto: «programmatore» (l'ATS), «attuatore» (l'ente "
            "capofila) o «partner» (un partner dell'alleanza)."
        ),
        "SOGG_COD_RUOLO (codici propri di Conciliare)",
    ),
    Column("SOGG_DESCR_RUOLO", TEXT, _("Descrizione del ruolo."), "SOGG_DESCR_RUOLO"),
    Column(
        "OC_DENOMINAZIONE_SOGG",
        TEXT,
        _("Denominazione del soggetto."),
        "OC_DENOMINAZIONE_SOGG",
    ),
    Column(
        "OC_CODICE_FISCALE_SOGG",
        TEXT,
        _(
            "Codice fiscale (o partita IVA) del soggetto; vuoto per le ATS, "
            "di cui Conciliare non registra il codice fiscale."
        ),
        "OC_CODICE_FISCALE_SOGG",
    ),
    Column(
        "TIPOLOGIA_SOGG",
        TEXT,
        _("Tipologia del soggetto secondo la classificazione delle reti."),
        "DESCR_FORMA_GIURIDICA_SOGG (classificazione diversa)",
    ),
)


def _organisation(code: str, role: str, organisation: Organisation) -> Row:
    return {
        "COD_LOCALE_PROGETTO": code,
        "SOGG_COD_RUOLO": role,
        "SOGG_DESCR_RUOLO": role.capitalize(),
        "OC_DENOMINAZIONE_SOGG": organisation.legal_name,
        "OC_CODICE_FISCALE_SOGG": organisation.tax_code or organisation.vat_number,
        "TIPOLOGIA_SOGG": str(Typology(organisation.typology).label),
    }


def _rows(project: Project) -> Iterator[Row]:
    yield {
        "COD_LOCALE_PROGETTO": project.code,
        "SOGG_COD_RUOLO": PROGRAMMER,
        "SOGG_DESCR_RUOLO": PROGRAMMER.capitalize(),
        "OC_DENOMINAZIONE_SOGG": project.ats.name,
        "OC_CODICE_FISCALE_SOGG": "",
        "TIPOLOGIA_SOGG": str(_("Agenzia di Tutela della Salute")),
    }
    yield _organisation(project.code, IMPLEMENTER, project.alliance.lead)
    for partner in project.alliance.open_partners:  # type: ignore[attr-defined]
        if partner.organisation_id != project.alliance.lead_id:
            yield _organisation(project.code, PARTNER, partner.organisation)


def rows(context: RowContext) -> Iterator[Row]:
    projects = subject_rows_open().iterator(CHUNK_SIZE)
    return in_italian(row for project in projects for row in _rows(project))


DATASET = Dataset(
    slug="soggetti",
    title=_("Soggetti dei progetti e loro ruoli"),
    description=_(
        "Per ogni progetto pubblicato, i soggetti coinvolti con il loro "
        "ruolo: l'ATS come programmatore, l'ente capofila dell'alleanza come "
        "attuatore e i partner attuali dell'alleanza. Solo enti, nessun dato "
        "personale."
    ),
    columns=COLUMNS,
    rows=rows,
    modified=subjects_modified,
    keywords=(_("conciliazione vita-lavoro"), _("enti"), _("partenariati")),
)
