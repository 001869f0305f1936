"""What ATS Milano's five alliances sent to the 2020 call (seed 001).

From the sources: the alliances, their lead bodies and partners, the titles,
and AGRIWEL's value (EUR 150,000, DOMAIN.md 5). Everything else is
ILLUSTRATIVE, invented for the demo and consistent with the call's rules:
AGRIWEL's breakdown (grant EUR 105,000, co-financing EUR 45,000 = 30%), the
other four projects' amounts, areas, actions, beneficiaries, indicators and
the days they were sent. The partners of four alliances are not published:
their budgets sit with the lead body.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from conciliare.applications.models import BeneficiaryKind, BudgetCategory

ROME = ZoneInfo("Europe/Rome")
#: The plan was approved on 29/05/2020 and validated in June 2020; the
#: projects had to end by 31/05/2023 (DOMAIN.md 2).
PROJECT_START = date(2020, 7, 1)
PROJECT_END = date(2023, 5, 31)


@dataclass(frozen=True)
class Action:
    title: str
    description: str
    starts_on: date
    ends_on: date
    responsible: str  # key of REAL_ORGANISATIONS


@dataclass(frozen=True)
class Line:
    partner: str  # key of REAL_ORGANISATIONS
    category: str
    description: str
    cost: str
    grant: str


@dataclass(frozen=True)
class HistoricalApplication:
    alliance: str  # slug of the demo alliance
    title: str
    summary: str
    objectives: str
    areas: tuple[int, ...]  # numbers of the six areas of DGR XI/2398
    actions: tuple[Action, ...]
    targets: tuple[tuple[str, str, int], ...]  # kind, description, expected
    indicators: tuple[tuple[str, str, int], ...]  # name, unit, target (from 0)
    lines: tuple[Line, ...]
    received_at: datetime


def _lead_project(
    *,
    alliance: str,
    lead: str,
    title: str,
    summary: str,
    objectives: str,
    areas: tuple[int, ...],
    targets: tuple[tuple[str, str, int], ...],
    indicator: tuple[str, str, int],
    cost: int,
    grant: int,
    services: str,
    received_at: datetime,
) -> HistoricalApplication:
    """A project whose partners are not published: one action and two budget
    lines of the lead body, co-financing (30%) on the personnel line."""
    bought = grant * 2 // 3
    return HistoricalApplication(
        alliance=alliance,
        title=title,
        summary=summary,
        objectives=objectives,
        areas=areas,
        actions=(Action(services, summary, PROJECT_START, PROJECT_END, lead),),
        targets=targets,
        indicators=(indicator,),
        lines=(
            Line(
                lead,
                BudgetCategory.PERSONNEL,
                "Coordinamento e operatori",
                f"{cost - bought}.00",
                f"{grant - bought}.00",
            ),
            Line(
                lead, BudgetCategory.SERVICES, services, f"{bought}.00", f"{bought}.00"
            ),
        ),
        received_at=received_at,
    )


_AGRIWEL_ACTIONS = (
    Action(
        "Mappatura dei bisogni di conciliazione nella filiera agricola",
        "Questionari e focus group con lavoratori e imprese agricole.",
        date(2020, 7, 1),
        date(2020, 12, 31),
        "irene",
    ),
    Action(
        "Sportello welfare itinerante nelle aziende agricole",
        "Un operatore visita le aziende e orienta lavoratori e famiglie ai servizi.",
        date(2021, 1, 11),
        date(2023, 4, 28),
        "irene",
    ),
    Action(
        "Servizi salvatempo e spesa a km 0 per i lavoratori",
        "Consegna nei luoghi di lavoro e piccole commissioni.",
        date(2021, 3, 1),
        date(2023, 3, 31),
        "casa-agricoltura",
    ),
    Action(
        "Consulenza alle micro e piccole imprese agricole",
        "Welfare aziendale, orari flessibili e accordi di secondo livello.",
        date(2020, 10, 1),
        date(2023, 3, 31),
        "cia-centro-lombardia",
    ),
    Action(
        "Sportello per i caregiver familiari",
        "Orientamento ai servizi di cura e ai permessi della legge 104/1992.",
        date(2021, 1, 11),
        date(2023, 3, 31),
        "cgil-ticino-olona",
    ),
    Action(
        "Informazione ai lavoratori stagionali",
        "Congedi, flessibilità e strumenti di conciliazione, anche in lingua.",
        date(2021, 3, 1),
        date(2023, 3, 31),
        "cisl-milano",
    ),
    Action(
        "Accordi territoriali di welfare",
        "Accompagnamento alla contrattazione di secondo livello nel settore.",
        date(2021, 6, 1),
        date(2023, 3, 31),
        "uil-milano",
    ),
    Action(
        "Raccordo con le politiche del lavoro e comunicazione",
        "Promozione del progetto nei Centri per l'impiego e sul sito dell'ente.",
        date(2020, 7, 1),
        date(2023, 5, 31),
        "cm-milano",
    ),
)

# fmt: off
_AGRIWEL_LINES = (
    Line("irene", BudgetCategory.MANAGEMENT, "Coordinamento e rendicontazione", "30000.00", "24000.00"),
    Line("irene", BudgetCategory.PERSONNEL, "Operatore dello sportello itinerante", "25000.00", "20000.00"),
    Line("casa-agricoltura", BudgetCategory.SERVICES, "Servizi salvatempo", "22000.00", "16000.00"),
    Line("cia-centro-lombardia", BudgetCategory.SERVICES, "Consulenza alle imprese", "24000.00", "17000.00"),
    Line("cgil-ticino-olona", BudgetCategory.PERSONNEL, "Sportello caregiver", "12000.00", "8000.00"),
    Line("cisl-milano", BudgetCategory.PERSONNEL, "Informazione ai lavoratori", "12000.00", "8000.00"),
    Line("uil-milano", BudgetCategory.PERSONNEL, "Accordi di welfare", "10000.00", "7000.00"),
    Line("cm-milano", BudgetCategory.COMMUNICATION, "Comunicazione e raccordo", "15000.00", "5000.00"),
)
_ARCHE_LINES = (
    Line("arche", BudgetCategory.PERSONNEL, "Operatori di sollievo", "80000.00", "56000.00"),
    Line("giardino-bambini", BudgetCategory.SERVICES, "Centri estivi e pre-post scuola", "60000.00", "42000.00"),
    Line("asst-fbf-sacco", BudgetCategory.COMMUNICATION, "Informazione al personale", "20000.00", "14000.00"),
)
# fmt: on

_WORKERS = BeneficiaryKind.WORKERS
_FAMILIES = BeneficiaryKind.FAMILIES
_FIRMS = BeneficiaryKind.FIRMS
_CITIZENS = BeneficiaryKind.CITIZENS

HISTORICAL: tuple[HistoricalApplication, ...] = (
    HistoricalApplication(
        alliance="associazione-irene",
        title="AGRIWEL – Welfare nella filiera agricola",
        summary=(
            "Servizi di welfare e conciliazione per le lavoratrici e i lavoratori "
            "della filiera agricola dell'area metropolitana milanese e del "
            "Lodigiano: sportello itinerante, servizi salvatempo, consulenza alle "
            "imprese agricole e sostegno ai caregiver familiari."
        ),
        objectives=(
            "Portare gli strumenti di conciliazione nelle aziende agricole, dove "
            "orari stagionali e distanze li rendono rari; accompagnare le micro e "
            "piccole imprese del settore verso piani di welfare aziendale."
        ),
        areas=(1, 3, 4),
        actions=_AGRIWEL_ACTIONS,
        targets=(
            (_WORKERS, "Lavoratrici e lavoratori della filiera agricola.", 300),
            (_FAMILIES, "Famiglie dei lavoratori con carichi di cura.", 150),
            (_FIRMS, "Micro e piccole imprese agricole e agroalimentari.", 40),
        ),
        indicators=(
            ("Imprese agricole che ricevono consulenza", "imprese", 40),
            ("Lavoratori che usano i servizi salvatempo", "persone", 250),
            ("Caregiver familiari orientati dallo sportello", "persone", 120),
            ("Accordi o regolamenti di welfare aziendale adottati", "accordi", 10),
        ),
        lines=_AGRIWEL_LINES,
        received_at=datetime(2020, 4, 28, 10, 15, tzinfo=ROME),
    ),
    _lead_project(
        alliance="distretto-ovest-alto-milanese",
        lead="magnago",
        title="Nuove conciliazioni: vita e lavoro in evoluzione",
        summary=(
            "Consulenza alle imprese e ai lavoratori autonomi dell'Ambito Alto "
            "Milanese su flessibilità, lavoro agile e servizi di conciliazione."
        ),
        objectives="Diffondere nelle piccole imprese strumenti di flessibilità.",
        areas=(4, 5),
        targets=(
            (_FIRMS, "Micro e piccole imprese dell'Ambito.", 30),
            (_WORKERS, "Lavoratori autonomi e liberi professionisti.", 90),
        ),
        indicator=("Imprese accompagnate", "imprese", 30),
        cost=140_000,
        grant=98_000,
        services="Consulenze e laboratori sul lavoro agile",
        received_at=datetime(2020, 4, 24, 16, 40, tzinfo=ROME),
    ),
    HistoricalApplication(
        alliance="conciliamoci",
        title=("C'è Tempo – Servizi di supporto per la conciliazione lavoro-famiglia"),
        summary=(
            "Pre e post scuola, centri estivi e sollievo per i caregiver delle "
            "famiglie e del personale sanitario del nord di Milano."
        ),
        objectives="Coprire i periodi di chiusura scolastica e i turni di lavoro.",
        areas=(1, 2),
        actions=(
            Action(
                "Pre e post scuola e centri estivi",
                "Servizi educativi nei periodi di chiusura delle scuole.",
                PROJECT_START,
                PROJECT_END,
                "giardino-bambini",
            ),
            Action(
                "Sollievo per i caregiver familiari",
                "Assistenza domiciliare nelle ore di lavoro.",
                PROJECT_START,
                PROJECT_END,
                "arche",
            ),
        ),
        targets=(
            (_FAMILIES, "Famiglie con figli in età scolare.", 120),
            (_WORKERS, "Personale turnista dell'ASST.", 150),
        ),
        indicators=(("Bambini accolti", "bambini", 120),),
        lines=_ARCHE_LINES,
        received_at=datetime(2020, 4, 29, 9, 5, tzinfo=ROME),
    ),
    _lead_project(
        alliance="alleanza-sud-sud-est-milano",
        lead="spazio-aperto",
        title="Nuove sinergie reti territoriali a sostegno della conciliazione",
        summary=(
            "Servizi salvatempo e gestione delle chiusure scolastiche nei comuni "
            "del Sud e Sud Est Milano, in rete con i servizi sociali."
        ),
        objectives="Mettere in rete i servizi di conciliazione del territorio.",
        areas=(2, 3),
        targets=((_FAMILIES, "Famiglie del Sud e Sud Est Milano.", 200),),
        indicator=("Famiglie che usano i servizi", "famiglie", 200),
        cost=130_000,
        grant=91_000,
        services="Campi estivi e servizi salvatempo",
        received_at=datetime(2020, 4, 29, 15, 30, tzinfo=ROME),
    ),
    _lead_project(
        alliance="labor-ambito-lodi",
        lead="lodigiano",
        title="Lodigiano Welfare",
        summary=(
            "Consulenza alle imprese del Lodigiano e coordinamento dei tempi e "
            "degli orari dei servizi comunali (legge regionale 28/2004)."
        ),
        objectives="Welfare aziendale nelle piccole imprese e tempi della città.",
        areas=(4, 6),
        targets=(
            (_FIRMS, "Imprese del Lodigiano.", 25),
            (_CITIZENS, "Cittadini dei comuni dell'Ambito di Lodi.", 500),
        ),
        indicator=("Imprese con un piano di welfare", "imprese", 15),
        cost=120_000,
        grant=84_000,
        services="Consulenza alle imprese e piano dei tempi",
        received_at=datetime(2020, 4, 30, 11, 20, tzinfo=ROME),
    ),
)
