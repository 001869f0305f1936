"""ATS Milano's Documento Territoriale di Indirizzo 2020-2023 and its calls.

- The DTI, drafted and adopted through the services by the demo ATS Milano
  officer (the adoption's date moved back to 2020 afterwards).
- The 2020 call (seed 001: the ATS "ha emanato l'Avviso pubblico per la
  Manifestazione di interesse rivolto ad Alleanze locali" in the first half
  of 2020; the plan was approved by Deliberazione 390 of 29/05/2020): created
  through ``call_create``, then published and closed in the past as historical
  data, holding the five projects of the plan (``call_applications.py``).
- A demo reopening of that call, published through ``call_publish`` and open
  today, so that lead bodies can try the application editor: the 2025-2027
  period has no intervention areas in the reference data yet.

Act numbers not given by the sources are illustrative and say so.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.calls.guidance_services import guidance_adopt, guidance_create
from conciliare.calls.models import (
    Call,
    CallStatus,
    GuidanceDocument,
    GuidanceStatus,
)
from conciliare.calls.services import call_create, call_publish
from conciliare.core.money import euro
from conciliare.demo.call_applications import (
    demo_pdf,
    ensure_historical_applications,
)
from conciliare.demo.call_drafts import ensure_draft_applications, ensure_draft_authors
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.services import document_store
from conciliare.territory.models import ATS, ProgrammingPeriod

ROME = ZoneInfo("Europe/Rome")

GUIDANCE_TITLE = (
    "Documento Territoriale di Indirizzo sulla conciliazione vita-lavoro 2020-2023"
)
#: Not published in the sources (seed 001 says only "nel primo semestre
#: 2020"): an illustrative number, dated before the call opened.
GUIDANCE_ACT = ("Deliberazione 141 (numero indicativo)", date(2020, 2, 27))

GUIDANCE_SECTIONS = {
    "context": (
        "Il territorio di ATS Città Metropolitana di Milano comprende la Città "
        "metropolitana di Milano e la provincia di Lodi: oltre 3,4 milioni di "
        "residenti, un mercato del lavoro fatto in larga parte di micro e piccole "
        "imprese e di lavoro autonomo, lunghi tempi di spostamento casa-lavoro e "
        "una quota crescente di lavoratrici e lavoratori che assistono un "
        "familiare anziano o non autosufficiente. Il Comitato di programmazione, "
        "valutazione e monitoraggio ha rilevato come bisogni prioritari la "
        "copertura dei periodi di chiusura scolastica, il sostegno ai caregiver "
        "familiari, i servizi salvatempo e l'accompagnamento delle piccole "
        "imprese, anche nei settori agricolo e dei servizi, verso strumenti di "
        "welfare aziendale e di flessibilità organizzativa."
    ),
    "strategies": (
        "In continuità con i Piani precedenti, la Rete territoriale coordinata "
        "da ATS e le Alleanze locali, partenariati pubblico-privati fondati su "
        "un accordo, progettano servizi per imprese e cittadini legati ai Piani "
        "di Zona degli Ambiti territoriali. Il Piano 2020-2023 finanzia i "
        "progetti delle Alleanze nelle sei aree della DGR XI/2398 dell'11/11/2019 "
        "e le azioni di sistema di ATS, con gli operatori di rete."
    ),
    "priority_actions": (
        "1. Servizi di assistenza e supporto al caregiver familiare.\n"
        "2. Servizi per il pre e post scuola e per i periodi di chiusura "
        "scolastica.\n"
        "3. Servizi salvatempo (maggiordomo aziendale, stireria, piccole "
        "commissioni).\n"
        "4. Servizi di consulenza a enti pubblici e a micro, piccole e medie "
        "imprese.\n"
        "5. Servizi a sostegno dei lavoratori e collaboratori autonomi e dei "
        "liberi professionisti.\n"
        "6. Progetti ai sensi della legge regionale 28/2004 sulle politiche dei "
        "tempi delle città."
    ),
    "resources": (
        "Le risorse assegnate ad ATS dalla DGR XI/2398 ammontano a 968.000 euro "
        "(276.000 per il 2020, 346.000 per il 2021 e 346.000 per il 2022): l'80% "
        "finanzia i progetti delle Alleanze locali e il 20% le azioni di sistema "
        "di ATS. I partner cofinanziano almeno il 30% del costo di ciascun "
        "progetto. I progetti si concludono entro il 31/05/2023."
    ),
    "network_integration": (
        "Il Piano si integra con il programma regionale WHP – Workplace Health "
        "Promotion, che ATS promuove nelle aziende del territorio: le imprese "
        "della rete WHP sono invitate a sperimentare i servizi di conciliazione e "
        "le buone pratiche di welfare aziendale. Il Piano dialoga con i Piani di "
        "Zona, con le politiche attive del lavoro della Città metropolitana e con "
        "la Consigliera di Parità."
    ),
    "time_policies": (
        "In attuazione della legge regionale 28/2004 sulle politiche dei tempi "
        "delle città, il Piano sostiene i comuni e gli Ambiti che coordinano gli "
        "orari dei servizi pubblici, delle scuole e del commercio con i tempi di "
        "lavoro delle famiglie, anche con banche del tempo e servizi di "
        "prossimità."
    ),
}

CALL_TITLE = (
    "Avviso pubblico per la presentazione di progetti delle Alleanze locali di "
    "conciliazione 2020-2023"
)
CALL_DESCRIPTION = (
    "Manifestazione di interesse rivolta alle Alleanze locali per la "
    "presentazione di progetti di conciliazione dei tempi di vita con i tempi "
    "lavorativi, da inserire nel Piano Territoriale di conciliazione 2020-2023 "
    "(DGR XI/2398 dell'11/11/2019 e Decreto 486 del 17/01/2020)."
)
#: Illustrative act number (the sources do not publish it).
CALL_ACT = ("Deliberazione 152 (numero indicativo)", date(2020, 2, 28))
CALL_OPENS_AT = datetime(2020, 3, 2, 9, 0, tzinfo=ROME)
CALL_CLOSES_AT = datetime(2020, 4, 30, 12, 0, tzinfo=ROME)
#: ATS Milano's 2020-2023 allocation (DOMAIN.md 4): 276,000 + 346,000 + 346,000.
CALL_BUDGET = Decimal("968000.00")
#: Above the default EUR 50,000 so that the projects of the plan fit: AGRIWEL,
#: EUR 150,000 with 30% co-financing, asks for EUR 105,000.
CALL_MAX_GRANT = Decimal("120000.00")

REOPENING_TITLE = (
    "Riapertura dell'avviso per i progetti delle Alleanze locali di "
    "conciliazione 2020-2023 (avviso dimostrativo)"
)
REOPENING_DESCRIPTION = (
    "Avviso dimostrativo, aperto perché le Alleanze locali possano provare la "
    "compilazione e l'invio di una domanda su Conciliare. Dotazione residua "
    "indicativa; le regole sono quelle predefinite."
)
REOPENING_BUDGET = Decimal("150000.00")  # illustrative


def ensure_demo_calls(
    *, officer: User, admin: User, now: datetime | None = None
) -> tuple[int, int]:
    """ATS Milano's DTI and calls with their applications, each once; return
    (calls added, applications added)."""
    now = now or timezone.now()
    ats = ATS.objects.get(slug="milano")
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    guidance = ensure_guidance(officer=officer, ats=ats, period=period)
    calls = 0
    closed = Call.objects.filter(ats=ats, period=period, title=CALL_TITLE).first()
    if closed is None:
        with transaction.atomic():
            closed = _historical_call(officer=officer, guidance=guidance)
        calls += 1
    reopening = Call.objects.filter(
        ats=ats, period=period, title=REOPENING_TITLE
    ).first()
    if reopening is None:
        reopening = _open_call(officer=officer, guidance=guidance, now=now)
        calls += 1
    # the lead bodies' demo representatives first: they signed the 2020
    # applications too
    authors = ensure_draft_authors(admin=admin)
    applications = ensure_historical_applications(call=closed, officer=officer)
    applications += ensure_draft_applications(call=reopening, authors=authors)
    return calls, applications


def ensure_guidance(
    *, officer: User, ats: ATS, period: ProgrammingPeriod
) -> GuidanceDocument:
    guidance = GuidanceDocument.objects.filter(ats=ats, period=period).first()
    if guidance is not None and guidance.status == GuidanceStatus.ADOPTED:
        return guidance
    number, act_date = GUIDANCE_ACT
    with transaction.atomic():
        if guidance is None:
            guidance = guidance_create(
                actor=officer,
                ats=ats,
                period=period,
                data={"title": GUIDANCE_TITLE, **GUIDANCE_SECTIONS},
            )
        pdf = demo_pdf(
            GUIDANCE_TITLE,
            ats.name,
            [
                f"{number} del {act_date:%d/%m/%Y}: adozione del Documento "
                "Territoriale di Indirizzo, su proposta del Comitato di "
                "programmazione, valutazione e monitoraggio.",
                *GUIDANCE_SECTIONS.values(),
            ],
        )
        guidance = guidance_adopt(
            actor=officer,
            guidance=guidance,
            act_number=number,
            act_date=act_date,
            act_file=ContentFile(pdf, name="dti-2020-2023.pdf"),
        )
        # historical: adopted in 2020 (the service stamps the present moment)
        adopted_at = datetime.combine(act_date, time(12, 0), tzinfo=ROME)
        GuidanceDocument.objects.filter(pk=guidance.pk).update(adopted_at=adopted_at)
        guidance.adopted_at = adopted_at
    return guidance


def _historical_call(*, officer: User, guidance: GuidanceDocument) -> Call:
    """The 2020 call: drafted by ``call_create``, then published on its
    opening day and closed at its deadline, as history (``call_publish``
    wants a deadline still ahead)."""
    number, act_date = CALL_ACT
    call = call_create(
        actor=officer,
        ats=guidance.ats,
        period=guidance.period,
        data={
            "title": CALL_TITLE,
            "description": CALL_DESCRIPTION,
            "guidance": guidance,
            "act_number": number,
            "act_date": act_date,
            "total_budget": CALL_BUDGET,
            "opens_at": CALL_OPENS_AT,
            "closes_at": CALL_CLOSES_AT,
            "max_grant": CALL_MAX_GRANT,
            # projects to be completed by 31/05/2023 (DOMAIN.md 2, [S5])
            "activities_end_by": guidance.period.activities_end_by,
            # The sources publish neither the call's composition rules nor
            # the partners of four of the five alliances it funded: the demo
            # call asks for no minimum the funded projects would fail (the
            # reopening below keeps the defaults).
            "min_partners": 1,
            "min_public_partners": 0,
            "min_small_firms": 0,
        },
    )
    previous = call.status
    call.transition_to(CallStatus.PUBLISHED)
    call.transition_to(CallStatus.CLOSED)
    call.published_at = CALL_OPENS_AT
    call.closed_at = CALL_CLOSES_AT
    call.act_document = _call_text(call, act_date=act_date)
    call.save(
        update_fields=[
            "status",
            "published_at",
            "closed_at",
            "act_document",
            "updated_at",
        ]
    )
    event_record(
        actor=officer,
        verb="demo.load_call",
        target=call,
        from_state=previous,
        to_state=call.status,
        note=(
            "Avviso storico pubblicato il 02/03/2020 e chiuso il 30/04/2020 alle "
            "12:00, ricostruito per la dimostrazione."
        ),
    )
    return call


def _open_call(*, officer: User, guidance: GuidanceDocument, now: datetime) -> Call:
    """The demo reopening: opened a few days ago, due in about 60 days."""
    today = timezone.localdate(now)
    opens_at = datetime.combine(today - timedelta(days=3), time(9, 0), tzinfo=ROME)
    closes_at = datetime.combine(today + timedelta(days=60), time(12, 0), tzinfo=ROME)
    with transaction.atomic():
        call = call_create(
            actor=officer,
            ats=guidance.ats,
            period=guidance.period,
            data={
                "title": REOPENING_TITLE,
                "description": REOPENING_DESCRIPTION,
                "guidance": guidance,
                "act_number": "Atto dimostrativo",
                "act_date": today - timedelta(days=4),
                "total_budget": REOPENING_BUDGET,
                "opens_at": opens_at,
                "closes_at": closes_at,
                # 31/05/2023 is past: the reopening's projects end by the
                # end of next year
                "activities_end_by": date(today.year + 1, 12, 31),
            },
        )
        # no service sets the call's text: a demo document like the others
        Call.objects.filter(pk=call.pk).update(
            act_document=_call_text(call, act_date=today - timedelta(days=4))
        )
        return call_publish(actor=officer, call=call)


def _call_text(call: Call, *, act_date: date) -> Document:
    """The call's text as a public demo PDF of the ATS."""
    closes = timezone.localtime(call.closes_at)
    with override("it"):
        total, projects, system = (
            euro(call.total_budget),
            euro(call.projects_budget),
            euro(call.system_action_budget),
        )
    return document_store(
        actor=call.created_by,
        data={
            "title": call.title,
            "kind": DocumentKind.CALL,
            "act_number": call.act_number,
            "act_date": act_date,
            "valid_from": timezone.localdate(call.opens_at),
            "valid_until": closes.date(),
            "is_public": True,
            "ats": call.ats,
            "period": call.period,
        },
        file=ContentFile(
            demo_pdf(
                call.title,
                call.ats.name,
                [
                    call.description,
                    f"Dotazione complessiva: {total}, di cui {projects} per i "
                    f"progetti delle Alleanze e {system} per le azioni di sistema "
                    "di ATS.",
                    "Aree di intervento: "
                    + "; ".join(a.name for a in call.areas.order_by("number"))
                    + ".",
                    f"Le domande si presentano entro il {closes:%d/%m/%Y} alle "
                    f"ore {closes:%H:%M}.",
                ],
            ),
            name="avviso.pdf",
        ),
        note="Testo dell'avviso (documento dimostrativo)",
    )
