"""contributi: the grants table the transparency rules require (d.lgs.
33/2013, artt. 26-27), the same rows as the page /trasparenza/contributi/."""

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
from conciliare.opendata.grant_selectors import GrantRow, GrantRows, grants_modified

TEXT = ColumnKind.TEXT

COLUMNS = (
    Column(
        "BENEFICIARIO",
        TEXT,
        _("Ente beneficiario: il capofila dell'alleanza."),
        "OC_DENOMINAZIONE_SOGG (ruolo Beneficiario)",
    ),
    Column(
        "CODICE_FISCALE_BENEFICIARIO",
        TEXT,
        _("Codice fiscale (o partita IVA) del beneficiario."),
        "OC_CODICE_FISCALE_SOGG",
    ),
    Column(
        "IMPORTO",
        ColumnKind.AMOUNT,
        _("Importo del contributo in euro."),
        "OC_FINANZ_TOT_PUB_NETTO",
    ),
    Column(
        "NUMERO_ATTO",
        TEXT,
        _(
            "Titolo a base dell'attribuzione: numero dell'atto dell'ATS che "
            "approva il Piano Territoriale o, prima del Piano, la graduatoria."
        ),
        "",
    ),
    Column("DATA_ATTO", ColumnKind.DATE, _("Data dell'atto."), ""),
    Column(
        "UFFICIO_RESPONSABILE",
        TEXT,
        _("Ufficio responsabile del procedimento: l'ATS."),
        "",
    ),
    Column("COD_ATS", TEXT, _("Codice dell'ATS."), ""),
    Column(
        "MODALITA_SELEZIONE",
        TEXT,
        _("Modalità di individuazione del beneficiario, con il titolo dell'avviso."),
        "DESCR_PROCED_ATTIVAZIONE",
    ),
    Column(
        "COD_LOCALE_PROGETTO",
        TEXT,
        _("Codice del progetto; vuoto finché il progetto non è pubblicato."),
        "COD_LOCALE_PROGETTO",
    ),
    Column("TITOLO_PROGETTO", TEXT, _("Titolo del progetto."), "OC_TITOLO_PROGETTO"),
    Column(
        "FASE",
        TEXT,
        _(
            "A che punto è il contributo: assegnato in graduatoria, convenzione "
            "da sottoscrivere o convenzione sottoscritta."
        ),
        "",
    ),
    Column(
        "LINK_PROGETTO",
        TEXT,
        _(
            "Pagina pubblica del progetto (della graduatoria finché il "
            "progetto non è pubblicato)."
        ),
        "OC_LINK",
    ),
)


def grant_row(grant: GrantRow, context: RowContext) -> Row:
    return {
        "BENEFICIARIO": grant.beneficiary,
        "CODICE_FISCALE_BENEFICIARIO": grant.tax_code,
        "IMPORTO": grant.amount,
        "NUMERO_ATTO": grant.act_number,
        "DATA_ATTO": grant.act_date,
        "UFFICIO_RESPONSABILE": grant.office,
        "COD_ATS": grant.ats_code,
        "MODALITA_SELEZIONE": grant.selection,
        "COD_LOCALE_PROGETTO": grant.project_code,
        "TITOLO_PROGETTO": grant.project_title,
        "FASE": grant.stage,
        "LINK_PROGETTO": context.absolute(grant.path),
    }


def rows(context: RowContext) -> Iterator[Row]:
    return in_italian(grant_row(grant, context) for grant in GrantRows())


DATASET = Dataset(
    slug="contributi",
    title=_("Contributi concessi (trasparenza)"),
    description=_(
        "I contributi concessi ai progetti delle Alleanze locali, come "
        "richiesto dagli articoli 26 e 27 del d.lgs. 33/2013: beneficiario, "
        "importo, atto, ufficio responsabile, modalità di selezione e "
        "collegamento al progetto."
    ),
    columns=COLUMNS,
    rows=rows,
    modified=grants_modified,
    themes=("SOCI", "GOVE"),
    keywords=(_("trasparenza"), _("contributi"), _("conciliazione vita-lavoro")),
)
