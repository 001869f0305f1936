"""Demo documents: the acts and forms the sources name, as small real PDFs
made with WeasyPrint and stored through the documents service."""

from datetime import date
from html import escape

from django.core.files.base import ContentFile
from weasyprint import HTML

from conciliare.accounts.models import User
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.services import document_create
from conciliare.territory.models import ATS, ProgrammingPeriod

# title, kind, ATS slug (None: Region), period, act number, act date,
# valid from, valid until, public
DEMO_DOCUMENTS: list[
    tuple[str, str, str | None, str, str, date | None, date, date | None, bool]
] = [
    (
        "DGR XI/2398 – Linee guida per i Piani territoriali di conciliazione 2020-2023",
        DocumentKind.ACT,
        None,
        "2020-2023",
        "XI/2398",
        date(2019, 11, 11),
        date(2019, 11, 11),
        None,
        True,
    ),
    (
        "Decreto attuativo n. 486",
        DocumentKind.ACT,
        None,
        "2020-2023",
        "486",
        date(2020, 1, 17),
        date(2020, 1, 17),
        None,
        True,
    ),
    (
        "A401-MD001 facsimile Adesione rete conciliazione rev02",
        DocumentKind.FORM,
        "milano",
        "2017-2018",
        "",
        None,
        date(2018, 7, 2),
        None,
        True,
    ),
    (
        "Manifestazione di interesse per le Alleanze locali 2017-2018",
        DocumentKind.CALL,
        "milano",
        "2017-2018",
        "",
        None,
        date(2017, 3, 1),
        date(2017, 5, 31),
        True,
    ),
    (
        "Piano Territoriale di Conciliazione 2020-2023",
        DocumentKind.PLAN,
        "milano",
        "2020-2023",
        "Deliberazione 390",
        date(2020, 5, 29),
        date(2020, 5, 29),
        None,
        True,
    ),
    (
        "Piano Territoriale 2020-2023, graduatoria e schema di convenzione",
        DocumentKind.ACT,
        "brescia",
        "2020-2023",
        "Decreto DG 241",
        date(2020, 5, 28),
        date(2020, 5, 28),
        None,
        True,
    ),
    (
        "Documento Territoriale di Indirizzo 2020-2023",
        DocumentKind.GUIDANCE,
        "val-padana",
        "2020-2023",
        "Decreto 103",
        date(2020, 2, 28),
        date(2020, 2, 28),
        None,
        True,
    ),
    (
        "Verbale del Comitato di Programmazione, Valutazione e Monitoraggio (riservato)",
        DocumentKind.MINUTES,
        "milano",
        "2020-2023",
        "",
        None,
        date(2020, 5, 20),
        None,
        False,
    ),
]


def _pdf(title: str, issuer: str, act: str) -> bytes:
    html = f"""<html lang="it"><head><meta charset="utf-8"><style>
      @page {{ size: A4; margin: 2cm; }} body {{ font-family: sans-serif; }}
      .note {{ color: #5c6f82; font-size: 10pt; margin-top: 2cm; }}
    </style></head><body>
      <p>{escape(issuer)}</p><h1>{escape(title)}</h1><p>{escape(act)}</p>
      <p class="note">Documento dimostrativo generato da Conciliare. Il testo originale
      è pubblicato dall'ente che ha adottato l'atto.</p></body></html>"""
    return bytes(HTML(string=html).write_pdf())


def ensure_demo_documents(*, actor: User) -> int:
    """Create the demo documents that are not there yet; return how many."""
    added = 0
    for (
        title,
        kind,
        ats_slug,
        period_slug,
        number,
        act_date,
        valid_from,
        valid_until,
        public,
    ) in DEMO_DOCUMENTS:
        ats = ATS.objects.get(slug=ats_slug) if ats_slug else None
        if Document.objects.filter(title=title, ats=ats).exists():
            continue
        issuer = ats.name if ats else "Regione Lombardia"
        act = f"{number} del {act_date:%d/%m/%Y}" if number and act_date else ""
        pdf = ContentFile(_pdf(title, issuer, act), name=f"{title[:40]}.pdf")
        document_create(
            actor=actor,
            data={
                "title": title,
                "kind": kind,
                "ats": ats,
                "period": ProgrammingPeriod.objects.get(slug=period_slug),
                "act_number": number,
                "act_date": act_date,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "is_public": public,
            },
            file=pdf,
        )
        added += 1
    return added
